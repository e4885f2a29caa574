using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ActiveLab.Dashboard;

/// <summary>
/// The dashboard's web server: Kestrel with minimal APIs on the smallest host (no config files, no logging to the
/// console). Read-only: three GET endpoints that serve the feed's latest snapshot — <c>/</c> (the page), <c>/live</c>
/// (the part the page swaps in) and <c>/api/status</c> (JSON). Every asset is produced by this code.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>JSON of /api/status: camelCase, enums as names.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = true,
    };

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, DashboardOptions options)
    {
        _app = app;
        Options = options;
    }

    public DashboardOptions Options { get; }

    /// <summary>Listens on <paramref name="options"/> and serves <paramref name="feed"/>.</summary>
    /// <exception cref="DashboardStartException">Bad options, or the port cannot be bound.</exception>
    public static async Task<DashboardServer> StartAsync(DashboardOptions options, SnapshotFeed feed, CancellationToken cancellationToken = default)
    {
        if (options.Problem() is { } problem) throw new DashboardStartException(problem);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            if (options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) k.ListenLocalhost(options.Port);
            else k.Listen(IPAddress.Parse(options.Host.Trim('[', ']')), options.Port);
        });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
        app.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Content(DashboardPage.Page(feed.Latest), "text/html; charset=utf-8"));
        app.MapGet("/live", () => Microsoft.AspNetCore.Http.Results.Content(DashboardPage.Live(feed.Latest), "text/html; charset=utf-8"));
        app.MapGet("/api/status", () => Microsoft.AspNetCore.Http.Results.Json(feed.Latest, Json));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            string why = e.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
                         || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                ? "is already in use (another program listens there); choose another --http-port"
                : $"cannot be bound: {(e.InnerException ?? e).Message}";
            throw new DashboardStartException($"--http-port {options.Port} on {options.Host} {why}", e);
        }
        return new DashboardServer(app, options);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
