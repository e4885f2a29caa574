using System.Globalization;
using System.Text;

namespace ActiveLab.Reports;

/// <summary>
/// Every curve of a report as CSV (<c>curves.csv</c>), for plotting elsewhere: one line per group, method, metric and
/// round with our mean, std and runs and the published mean and std (empty when the paper has none).
/// </summary>
public static class CurvesCsv
{
    public const string Header = "dataset,model,method,metric,round,mean,std,runs,paper_mean,paper_std";

    public static string Write(StudyReport report, ReferenceResults reference)
    {
        var csv = new StringBuilder().AppendLine(Header);
        foreach (ResultGroup g in report.Groups)
            foreach (MethodCurve curve in g.Curves)
                foreach (RoundSummary r in curve.Rounds)
                {
                    ReferencePoint? p = g.ReferenceKey is null ? null : reference.Find(g.ReferenceKey, curve.Method, curve.Metric, r.Round);
                    csv.Append(CultureInfo.InvariantCulture,
                        $"{g.Dataset},{g.Model},{curve.Method},{curve.Metric.ReferenceName()},{r.Round},{R(r.Mean)},{R(r.Std)},{r.Runs},{R(p?.Mean)},{R(p?.Std)}\n");
                }
        return csv.ToString();
    }

    private static string R(double? v) => v is double x ? x.ToString("R", CultureInfo.InvariantCulture) : "";
}
