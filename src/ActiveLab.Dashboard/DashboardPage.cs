using System.Globalization;
using System.Net;
using System.Text;

namespace ActiveLab.Dashboard;

/// <summary>
/// The HTML of the dashboard: <see cref="Page"/> is the whole document (styles and a ten-line script inline), whose
/// script fetches <see cref="Live"/> (the part that changes) every second and swaps it in: the page updates without a
/// reload, and reads fine without script too (it then shows the moment it was loaded).
/// </summary>
public static class DashboardPage
{
    public static string Page(DashboardSnapshot s) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{{E(s.Sweep)}} · ActiveLab sweep</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 16px 24px; color: #222; }
        h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 18px 0 6px; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: left; }
        th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .muted { color: #777; } .state { font-weight: 600; }
        .cell { font-size: 12px; min-width: 64px; text-align: center; }
        .pending { background: #f0f0f0; color: #777; } .running { background: #fff3c4; } .done { background: #cdeccd; }
        .failed { background: #f8c9c9; } .unreachable, .gone { color: #b00; font-weight: 600; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; }
        svg.chart { border: 1px solid #ddd; background: #fff; }
        svg .axis { stroke: #444; } svg .grid { stroke: #eee; } svg .tick, svg .legend { font-size: 10px; fill: #444; }
        svg .title { font-size: 12px; font-weight: 600; fill: #222; }
        svg .band { fill: currentColor; opacity: 0.15; stroke: none; } svg .line { fill: none; stroke: currentColor; stroke-width: 1.6; }
        svg .point { fill: currentColor; } svg .legend { fill: currentColor; font-weight: 600; }
        .errors li { color: #b00; }
        </style>
        </head>
        <body>
        <div id="live">{{Live(s)}}</div>
        <script>
        // Swaps in the live part every second (no reload); a failed fetch (node stopped) keeps the last view.
        async function refresh() {
          try {
            const r = await fetch('live', { cache: 'no-store' });
            if (r.ok) { document.getElementById('live').innerHTML = await r.text(); document.body.dataset.refreshes = (+(document.body.dataset.refreshes || 0) + 1); }
          } catch (e) { }
          setTimeout(refresh, 1000);
        }
        setTimeout(refresh, 1000);
        </script>
        </body>
        </html>
        """;

    /// <summary>The part of the page that changes: header, totals, nodes, grid, curves.</summary>
    public static string Live(DashboardSnapshot s)
    {
        var h = new StringBuilder();
        var t = s.Totals;
        h.Append(Inv($"<h1>Sweep {E(s.Sweep)} — <span id=\"sweep-state\" class=\"state\" data-state=\"{s.State}\">{s.State}</span></h1>"));
        h.Append(Inv($"<div class=\"muted\">updated {s.GeneratedUtc:yyyy-MM-dd HH:mm:ss} UTC · <a href=\"api/status\">/api/status</a> (JSON)</div>"));

        h.Append("<h2>Totals</h2><table id=\"totals\"><tr><th></th><th>done</th><th>running</th><th>queued</th><th>failed</th><th>all</th></tr>");
        h.Append(Inv($"<tr><th>cells</th><td class=\"num\" id=\"cells-done\">{t.CellsDone}</td><td class=\"num\" id=\"cells-running\">{t.CellsRunning}</td><td class=\"num\" id=\"cells-pending\">{t.CellsPending}</td><td class=\"num\" id=\"cells-failed\">{t.CellsFailed}</td><td class=\"num\" id=\"cells-all\">{t.Cells}</td></tr>"));
        h.Append(Inv($"<tr><th>jobs</th><td class=\"num\" id=\"jobs-done\">{t.JobsDone}</td><td class=\"num\" id=\"jobs-running\">{t.JobsRunning}</td><td class=\"num\" id=\"jobs-queued\">{t.JobsQueued}</td><td class=\"num\" id=\"jobs-failed\" title=\"attempts that threw (retried up to max-attempts)\">{t.JobsFailed}</td><td></td></tr></table>"));
        string rate = s.Pace.JobsPerSecond is { } j ? j.ToString("0.00", CultureInfo.InvariantCulture) : "—";
        h.Append(Inv($"<p><span id=\"jobs-per-second\">{rate}</span> jobs/s · time left <span id=\"time-left\">{E(s.Pace.TimeLeft)}</span></p>"));
        if (s.ResultsError is not null) h.Append(Inv($"<p class=\"failed\">results not readable this time: {E(s.ResultsError)}</p>"));

        h.Append("<h2>Nodes</h2><table id=\"nodes\"><tr><th>address</th><th>roles</th><th>status</th><th>slots busy / free</th><th>device</th><th>jobs done</th><th>last heartbeat</th></tr>");
        foreach (var n in s.Nodes)
        {
            string beat = n.LastHeartbeatUtc is { } b ? Inv($"{Math.Max(0, (s.GeneratedUtc - b).TotalSeconds):0} s ago") : "—";
            h.Append(Inv($"<tr class=\"node\" data-address=\"{E(n.Address)}\" data-status=\"{E(n.Status)}\"><td>{E(n.Address)}</td><td>{E(string.Join(", ", n.Roles))}</td><td class=\"{E(n.Status)}\">{E(n.Status)}</td><td class=\"num\">{n.Busy} / {n.Free}</td><td>{E(n.Device ?? "—")}</td><td class=\"num\">{n.JobsDone}</td><td>{beat}</td></tr>"));
        }
        h.Append("</table>");

        h.Append("<h2>Grid</h2>");
        Grid(h, s.Cells);
        var errors = s.Cells.Where(c => c.Error is not null).ToList();
        if (errors.Count > 0)
        {
            h.Append("<ul class=\"errors\">");
            foreach (var c in errors) h.Append(Inv($"<li>{E(c.Id)}: {E(c.Error!)}</li>"));
            h.Append("</ul>");
        }

        h.Append("<h2>Curves</h2><p class=\"muted\">mean ± std over the repeats that reached each round so far</p>");
        foreach (var g in s.Curves)
        {
            h.Append("<div class=\"charts\">");
            foreach (var m in g.Metrics) h.Append(SvgChart.Render(g, m));
            h.Append("</div>");
        }
        if (s.Curves.Length == 0) h.Append("<p class=\"muted\" id=\"no-curves\">no round written yet</p>");
        return h.ToString();
    }

    /// <summary>One row per (dataset, model, method), one column per repeat.</summary>
    private static void Grid(StringBuilder h, CellView[] cells)
    {
        int repeats = cells.Length == 0 ? 0 : cells.Max(c => c.Repeat) + 1;
        h.Append("<table id=\"grid\"><tr><th>dataset</th><th>model</th><th>method</th>");
        for (int r = 0; r < repeats; r++) h.Append(Inv($"<th>repeat {r}</th>"));
        h.Append("</tr>");
        foreach (var row in cells.GroupBy(c => (c.Dataset, c.Model, c.Method)))
        {
            h.Append(Inv($"<tr><td>{E(row.Key.Dataset)}</td><td>{E(row.Key.Model)}</td><td>{E(row.Key.Method)}</td>"));
            for (int r = 0; r < repeats; r++)
            {
                var c = row.FirstOrDefault(x => x.Repeat == r);
                if (c is null) { h.Append("<td></td>"); continue; }
                string text = c.State switch
                {
                    "running" => Inv($"round {Math.Min(c.RoundsDone + 1, c.Rounds)}/{c.Rounds}"),
                    "failed" => "failed",
                    _ => c.State,
                };
                h.Append(Inv($"<td class=\"cell {c.State}\" data-cell=\"{E(c.Id)}\" data-state=\"{c.State}\" data-rounds-done=\"{c.RoundsDone}\" title=\"{E(c.Error ?? c.Id)}\">{text}</td>"));
            }
            h.Append("</tr>");
        }
        h.Append("</table>");
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
