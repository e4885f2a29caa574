using ActiveLab.Results;
using Markdig;

namespace ActiveLab.Reports;

/// <summary>What <see cref="ReportWriter.Write"/> produced.</summary>
public sealed record ReportFiles(string Markdown, string Html, string Curves, IReadOnlyList<string> Figures);

/// <summary>
/// Writes a report folder: <c>report.md</c>, <c>report.html</c> (same content), <c>curves.csv</c> and one PNG per
/// group and metric. Every file is written atomically; figures are drawn before the documents that link them.
/// </summary>
public static class ReportWriter
{
    public const string MarkdownFileName = "report.md";
    public const string HtmlFileName = "report.html";
    public const string CurvesFileName = "curves.csv";

    public static ReportFiles Write(StudyReport report, string outDir, ReferenceResults? reference = null)
    {
        reference ??= ReferenceResults.Published;
        Directory.CreateDirectory(outDir);
        var figures = new List<string>();
        foreach (ResultGroup group in report.Groups)
            foreach (ReportMetric metric in ReportMetrics.All)
            {
                string path = Path.Combine(outDir, FigureRenderer.FileName(group, metric));
                FigureRenderer.Render(group, metric, reference, path);
                figures.Add(path);
            }

        string markdown = MarkdownReport.Write(report);
        string mdPath = Path.Combine(outDir, MarkdownFileName);
        AtomicFileWriter.WriteAllText(mdPath, markdown);

        var pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().Build();
        string html = $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Report: {{System.Net.WebUtility.HtmlEncode(report.Sweep.SweepName)}}</title>
            <style>body{font-family:sans-serif;max-width:1000px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;margin:1em 0}
            td,th{border:1px solid #ccc;padding:3px 8px;font-size:90%}img{max-width:100%}</style></head>
            <body>
            {{Markdown.ToHtml(markdown, pipeline)}}
            </body></html>
            """;
        string htmlPath = Path.Combine(outDir, HtmlFileName);
        AtomicFileWriter.WriteAllText(htmlPath, html);

        string curvesPath = Path.Combine(outDir, CurvesFileName);
        AtomicFileWriter.WriteAllText(curvesPath, CurvesCsv.Write(report, reference));
        return new ReportFiles(mdPath, htmlPath, curvesPath, figures);
    }
}
