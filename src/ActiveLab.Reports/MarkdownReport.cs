using System.Globalization;
using System.Text;
using static ActiveLab.Reports.FidelityRules;

namespace ActiveLab.Reports;

/// <summary>The Markdown text of a report: sweep summary, fidelity checks, and per group its figures and final-round tables.</summary>
public static class MarkdownReport
{
    private const int MaxGapLines = 40;

    public static string Write(StudyReport report)
    {
        var md = new StringBuilder();
        SweepResults sweep = report.Sweep;
        md.AppendLine(CultureInfo.InvariantCulture, $"# Report: {sweep.SweepName}");
        md.AppendLine();
        int cells = sweep.Rows.Select(r => (r.Dataset, r.Method, r.Model, r.Repeat)).Distinct().Count();
        md.AppendLine(CultureInfo.InvariantCulture, $"Read from {sweep.Source}: {sweep.Rows.Count} round rows of {cells} cells.");
        if (sweep.Manifest is { } m)
            md.AppendLine(CultureInfo.InvariantCulture, $"Sweep started {m.CreatedAtUtc:yyyy-MM-dd HH:mm} UTC with activelab {m.ToolVersion} on {m.DotNetVersion}, {m.OperatingSystem}; config hash `{m.ConfigHash}`.");
        else
            md.AppendLine("No manifest.json in the sweep folder: missing cells cannot be listed.");
        md.AppendLine();
        WriteGaps(md, sweep);
        WriteFidelity(md, report.Fidelity);
        foreach (ResultGroup group in report.Groups) WriteGroup(md, group);
        return md.ToString();
    }

    private static void WriteGaps(StringBuilder md, SweepResults sweep)
    {
        if (sweep.Manifest is null) return;
        if (sweep.IsComplete)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Complete**: all {sweep.Manifest.Cells.Count} cells of the manifest have all their rounds.");
            md.AppendLine();
            return;
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"**Partial sweep**: {sweep.Gaps.Count} of {sweep.Manifest.Cells.Count} cells are missing rounds; the curves and tables below use the runs present.");
        md.AppendLine();
        md.AppendLine("| dataset | method | model | repeat | rounds present | rounds expected |");
        md.AppendLine("|---|---|---|---:|---:|---:|");
        foreach (CellGap g in sweep.Gaps.Take(MaxGapLines))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {g.Dataset} | {g.Method} | {g.Model} | {g.Repeat} | {g.RoundsPresent} | {g.RoundsExpected} |");
        if (sweep.Gaps.Count > MaxGapLines)
            md.AppendLine(CultureInfo.InvariantCulture, $"| … {sweep.Gaps.Count - MaxGapLines} more | | | | | |");
        md.AppendLine();
    }

    private static void WriteFidelity(StringBuilder md, IReadOnlyList<FidelityCheck> checks)
    {
        if (checks.Count == 0) return;
        md.AppendLine("## Fidelity against the published results");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"{checks.Count(c => c.Passed)} of {checks.Count} checks pass.");
        md.AppendLine();
        md.AppendLine("| group | claim | result | evidence |");
        md.AppendLine("|---|---|---|---|");
        foreach (FidelityCheck c in checks)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Group} | {c.Claim} | {(c.Passed ? "pass" : "**miss**")} | {c.Evidence} |");
        md.AppendLine();
    }

    private static void WriteGroup(StringBuilder md, ResultGroup group)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {group.Title}");
        md.AppendLine();
        md.AppendLine(group.ReferenceKey is null
            ? "The paper publishes no results for this dataset and model."
            : $"Compared with the paper's `{group.ReferenceKey}` results.");
        md.AppendLine();
        foreach (ReportMetric metric in ReportMetrics.All)
            md.AppendLine(CultureInfo.InvariantCulture, $"![{group.Title}: {metric.Title()}]({FigureRenderer.FileName(group, metric)})");
        md.AppendLine();
        foreach (ReportMetric metric in ReportMetrics.All)
        {
            int round = group.Comparisons.Where(c => c.Metric == metric).Select(c => c.Round).DefaultIfEmpty(group.FinalRound).Max();
            md.AppendLine(CultureInfo.InvariantCulture, $"**{metric.Title()}**, final round{(round == group.FinalRound ? "" : "s")} (round {round}{(round == group.FinalRound ? "" : $"; the paper stops before round {group.FinalRound}")}):");
            md.AppendLine();
            // A dataset the paper never ran (e.g. a user's own) gets no paper column rather than a column of dashes.
            bool paperColumn = group.ReferenceKey is not null;
            md.AppendLine(paperColumn ? "| method | runs | this run (mean ± std) | paper (mean ± std) | difference |" : "| method | runs | this run (mean ± std) |");
            md.AppendLine(paperColumn ? "|---|---:|---:|---:|---:|" : "|---|---:|---:|");
            foreach (string method in group.Methods)
            {
                Comparison c = group.Compare(method, metric);
                string ours = $"| {MethodNames.Display(method)} (`{method}`) | {c.Ours?.Runs ?? 0} | {Mean(c.Ours)} |";
                if (!paperColumn)
                {
                    md.AppendLine(ours);
                    continue;
                }
                string paper = c.Published is null ? "–"
                    : c.Published.Std is double s ? $"{F(c.Published.Mean)} ± {F(s)}" : $"{F(c.Published.Mean, 3)} (figure)";
                md.AppendLine(CultureInfo.InvariantCulture, $"{ours} {paper} | {Signed(c.Difference)} |");
            }
            md.AppendLine();
        }
    }
}
