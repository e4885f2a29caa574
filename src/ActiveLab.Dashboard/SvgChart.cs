using System.Globalization;
using System.Net;
using System.Text;

namespace ActiveLab.Dashboard;

/// <summary>
/// Draws one metric's chart as inline SVG on the server: per method a band (mean ± std) and a line through the means,
/// with a marker per round that carries its numbers (<c>data-round</c>, <c>data-mean</c>, <c>data-std</c>,
/// <c>data-runs</c>) for scripts and tests. No script library, nothing fetched.
/// </summary>
public static class SvgChart
{
    // The legend sits right of the plot, where no line can cover it.
    private const int Width = 600, Height = 280, Left = 48, Right = 170, Top = 28, Bottom = 36;

    /// <summary>Colours by legend position (the paper's methods first).</summary>
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Render(CurveGroupView group, MetricCurvesView chart)
    {
        var points = chart.Methods.SelectMany(m => m.Points).ToList();
        int maxRound = Math.Max(1, Math.Max(group.LastRound, points.Count == 0 ? 0 : points.Max(p => p.Round)));
        double lo = points.Count == 0 ? 0 : points.Min(p => p.Mean - p.Std), hi = points.Count == 0 ? 1 : points.Max(p => p.Mean + p.Std);
        double pad = Math.Max(0.01, (hi - lo) * 0.08);
        lo = Math.Max(0, lo - pad);
        hi = Math.Min(1, hi + pad);
        if (hi <= lo) hi = lo + 0.01;
        double X(double round) => Left + round / maxRound * (Width - Left - Right);
        double Y(double v) => Top + (hi - v) / (hi - lo) * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" "))
            .Append(Inv($"data-dataset=\"{E(group.Dataset)}\" data-model=\"{E(group.Model)}\" data-metric=\"{E(chart.Metric)}\">"));
        svg.Append(Inv($"<text x=\"{Left}\" y=\"16\" class=\"title\">{E(group.Dataset)} · {E(group.Model)} — {E(chart.Title)}</text>"));
        // Axes with ticks: rounds on x, accuracy on y.
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" class=\"axis\"/>"));
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" class=\"axis\"/>"));
        int step = Math.Max(1, (int)Math.Ceiling(maxRound / 10.0));
        for (int r = 0; r <= maxRound; r += step)
            svg.Append(Inv($"<text x=\"{X(r):0.#}\" y=\"{Height - Bottom + 14}\" class=\"tick\" text-anchor=\"middle\">{r}</text>"));
        svg.Append(Inv($"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 4}\" class=\"tick\" text-anchor=\"middle\">round</text>"));
        for (int i = 0; i <= 4; i++)
        {
            double v = lo + (hi - lo) * i / 4;
            svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Y(v):0.#}\" x2=\"{Width - Right}\" y2=\"{Y(v):0.#}\" class=\"grid\"/>"));
            svg.Append(Inv($"<text x=\"{Left - 4}\" y=\"{Y(v) + 4:0.#}\" class=\"tick\" text-anchor=\"end\">{v:0.000}</text>"));
        }
        for (int i = 0; i < chart.Methods.Length; i++)
        {
            var m = chart.Methods[i];
            string colour = Palette[i % Palette.Length];
            svg.Append(Inv($"<g class=\"series\" data-method=\"{E(m.Method)}\" style=\"color:{colour}\">"));
            if (m.Points.Length > 0)
            {
                string upper = string.Join(" ", m.Points.Select(p => Inv($"{X(p.Round):0.##},{Y(Math.Min(1, p.Mean + p.Std)):0.##}")));
                string lower = string.Join(" ", m.Points.Reverse().Select(p => Inv($"{X(p.Round):0.##},{Y(Math.Max(0, p.Mean - p.Std)):0.##}")));
                svg.Append(Inv($"<polygon class=\"band\" points=\"{upper} {lower}\"/>"));
                svg.Append(Inv($"<polyline class=\"line\" points=\"{string.Join(" ", m.Points.Select(p => Inv($"{X(p.Round):0.##},{Y(p.Mean):0.##}")))}\"/>"));
                foreach (var p in m.Points)
                    svg.Append(Inv($"<circle class=\"point\" cx=\"{X(p.Round):0.##}\" cy=\"{Y(p.Mean):0.##}\" r=\"2.5\" data-round=\"{p.Round}\" data-mean=\"{p.Mean:R}\" data-std=\"{p.Std:R}\" data-runs=\"{p.Runs}\"><title>{E(m.Label)} round {p.Round}: {p.Mean:0.0000} ± {p.Std:0.0000} ({p.Runs} run(s))</title></circle>"));
            }
            svg.Append(Inv($"<text x=\"{Width - Right + 10}\" y=\"{Top + 10 + 14 * i}\" class=\"legend\">{E(m.Label)}</text>"));
            svg.Append("</g>");
        }
        return svg.Append("</svg>").ToString();
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
