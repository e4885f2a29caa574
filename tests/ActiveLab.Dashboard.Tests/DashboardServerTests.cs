using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ActiveLab.Dashboard.Tests;

/// <summary>The web server on a real port, before any sweep is attached: endpoints, read-only, bad options.</summary>
public sealed class DashboardServerTests
{
    [Fact]
    public async Task Serves_the_page_and_the_json_and_refuses_every_write()
    {
        int port = TestPaths.FreePort();
        await using var dashboard = await SweepDashboard.StartAsync(new DashboardOptions("127.0.0.1", port), "my-sweep");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var page = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Sweep my-sweep", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "")); // nothing fetched from elsewhere

        using var json = JsonDocument.Parse(await http.GetStringAsync("api/status"));
        Assert.Equal("my-sweep", json.RootElement.GetProperty("sweep").GetString());
        Assert.Equal("starting", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("cells").GetArrayLength());

        foreach (string path in new[] { "", "api/status", "live" })
        {
            var post = await http.PostAsync(path, new StringContent("{}"));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            var delete = await http.DeleteAsync(path);
            Assert.Equal(HttpStatusCode.MethodNotAllowed, delete.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/stop")).StatusCode);
    }

    [Fact]
    public async Task A_taken_port_is_one_line_naming_the_port()
    {
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        try
        {
            int port = ((IPEndPoint)holder.LocalEndpoint).Port;
            var e = await Assert.ThrowsAsync<DashboardStartException>(() => SweepDashboard.StartAsync(new DashboardOptions("127.0.0.1", port), "s"));
            Assert.Equal($"--http-port {port} on 127.0.0.1 is already in use (another program listens there); choose another --http-port", e.Message);
        }
        finally
        {
            holder.Stop();
        }
    }

    [Theory]
    [InlineData("127.0.0.1", 0, "--http-port must be 1..65535, got 0")]
    [InlineData("127.0.0.1", 70000, "--http-port must be 1..65535, got 70000")]
    [InlineData("my host", 8080, "--http-host 'my host' is not an IP address (e.g. 127.0.0.1, 0.0.0.0) or localhost")]
    public void Bad_options_are_named(string host, int port, string problem) =>
        Assert.Equal(problem, new DashboardOptions(host, port).Problem());

    [Fact]
    public void Urls_and_loopback()
    {
        Assert.Equal("http://127.0.0.1:8080/", new DashboardOptions("0.0.0.0", 8080).Url);
        Assert.True(new DashboardOptions("localhost", 8080).IsLoopback);
        Assert.False(new DashboardOptions("0.0.0.0", 8080).IsLoopback);
    }
}
