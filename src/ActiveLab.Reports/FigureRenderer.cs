using ScottPlot;

namespace ActiveLab.Reports;

/// <summary>
/// Draws a group's metric vs round in the style of the paper's figures: one line per method (mean over repeats) with
/// a mean ± std band, the paper's display names in the legend, and the published mean as a dashed line of the same
/// colour where the paper has one.
/// </summary>
public static class FigureRenderer
{
    public const int Width = 1100;
    public const int Height = 560;

    /// <summary>File name of a group's figure for <paramref name="metric"/>, e.g. <c>wall-robot_et_model-accuracy.png</c>.</summary>
    public static string FileName(ResultGroup group, ReportMetric metric) =>
        $"{Slug(group.Dataset)}_{Slug(group.Model)}_{metric.Slug()}.png";

    /// <summary>Renders the figure to <paramref name="path"/> (PNG, written atomically).</summary>
    public static void Render(ResultGroup group, ReportMetric metric, ReferenceResults reference, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        bool anyPublished = false;
        for (int i = 0; i < group.Methods.Count; i++)
        {
            string method = group.Methods[i];
            Color color = palette.GetColor(i);
            var points = group.Curve(method, metric).Rounds.Where(r => r.Runs > 0).ToArray();
            if (points.Length == 0) continue;
            double[] xs = points.Select(p => (double)p.Round).ToArray();
            double[] mean = points.Select(p => p.Mean).ToArray();

            var band = plot.Add.FillY(xs, points.Select(p => p.Mean - p.Std).ToArray(), points.Select(p => p.Mean + p.Std).ToArray());
            band.FillStyle.Color = color.WithAlpha(0.18);
            band.LineStyle.Width = 0;

            var line = plot.Add.Scatter(xs, mean, color);
            line.LineWidth = 2;
            line.MarkerSize = 4;
            line.LegendText = MethodNames.Display(method);

            if (group.ReferenceKey is not null)
            {
                var published = xs.Select(x => reference.Find(group.ReferenceKey, method, metric, (int)x)).ToArray();
                var pts = published.Where(p => p is not null).ToArray();
                if (pts.Length > 0)
                {
                    anyPublished = true;
                    var paper = plot.Add.Scatter(pts.Select(p => (double)p!.Round).ToArray(), pts.Select(p => p!.Mean).ToArray(), color);
                    paper.LinePattern = LinePattern.Dashed;
                    paper.LineWidth = 1.2f;
                    paper.MarkerSize = 0;
                }
            }
        }
        plot.Title($"{group.Title}: {metric.Title()}");
        plot.XLabel(anyPublished ? "round   (solid: this run, mean ± std over repeats; dashed: published mean)" : "round   (mean ± std over repeats)");
        plot.YLabel(metric.Title());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.ShowLegend(Edge.Right);

        byte[] png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        ActiveLab.Results.AtomicFileWriter.Write(path, s => s.Write(png));
    }

    private static string Slug(string s) =>
        string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '-'));
}
