using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ActiveLab.Cli.Tests;

/// <summary><c>activelab run --http-port</c> end to end, in-process: the page's JSON follows the sweep the command runs.</summary>
public class DashboardRunTests
{
    [Fact]
    public async Task Run_with_http_port_serves_the_sweep_and_prints_the_time_left()
    {
        using var dir = new TempDir();
        string config = dir.Write("sweep.conf", File.ReadAllText(Path.Combine(Repo.Root, "config", "quickstart.conf"))
            .Replace("name = quickstart", "name = dash", StringComparison.Ordinal)
            .Replace("repeats = 2", "repeats = 1", StringComparison.Ordinal)
            .Replace("rounds = 6", "rounds = 3", StringComparison.Ordinal));
        int port = FreePort();
        var outText = new StringWriter(CultureInfo.InvariantCulture);
        var errText = new StringWriter(CultureInfo.InvariantCulture);
        // The sweep prints from the actor system's threads.
        var stdout = TextWriter.Synchronized(outText);
        var stderr = TextWriter.Synchronized(errText);
        var run = Task.Run(() => Program.Run(["run", "--config", config, "--results-dir", dir.File("results"), "--data-dir", Path.Combine(Repo.Root, "data"),
            "--slots", "1", "--http-port", port.ToString(CultureInfo.InvariantCulture)], stdout, stderr));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
        var states = new List<(string State, int Cells, int Nodes)>();
        while (!run.IsCompleted)
        {
            try
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync("api/status"));
                var root = json.RootElement;
                Assert.Equal("dash", root.GetProperty("sweep").GetString());
                states.Add((root.GetProperty("state").GetString()!, root.GetProperty("cells").GetArrayLength(), root.GetProperty("nodes").GetArrayLength()));
            }
            catch (HttpRequestException)
            {
                // Not listening yet, or already stopped.
            }
            await Task.Delay(100);
        }

        Assert.True(await run == 0, errText.ToString());
        Assert.Contains(states, s => s is ("running", 5, 1));
        string output = outText.ToString();
        Assert.Contains($"dashboard: http://127.0.0.1:{port}/ (JSON: http://127.0.0.1:{port}/api/status)", output);
        Assert.Contains("jobs/s, time left ", output);
        // The page went away with the node.
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("api/status"));
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
