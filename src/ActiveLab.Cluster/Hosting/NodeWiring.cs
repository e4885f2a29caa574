using System.Security.Cryptography.X509Certificates;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// The one place an ActiveLab node is wired, read top to bottom like the deployment: logging → remoting (bind and
/// advertised address, TLS) → serialization → clustering (roles, seeds, split-brain resolver) → the sweep's journal on
/// coordinator nodes. <see cref="SweepNode.Start"/> applies it to an Akka.Hosting builder on the generic host; every
/// command (run, seed, worker) and the tests start nodes through <see cref="SweepNode"/>.
/// </summary>
public static class NodeWiring
{
    /// <summary>Remote frames carry whole fold outputs (probabilities of every unlabeled and test row).</summary>
    public const long MaxFrameBytes = 64L << 20;

    public static AkkaConfigurationBuilder WithActiveLabNode(this AkkaConfigurationBuilder akka, NodeOptions node, SweepConfig? sweep,
        X509Certificate2? certificate)
    {
        akka.ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<OneLineLogger>();
            })
            .WithRemoting(Remoting(node, certificate))
            .WithCustomSerializer("activelab-work", [typeof(IWorkMessage)], system => new WorkSerializer(system))
            .WithClustering(new ClusterOptions
            {
                Roles = node.Roles.ToArray(),
                SeedNodes = node.SeedAddresses.ToArray(),
                SplitBrainResolver = new KeepOldestOption { DownIfAlone = true },
                LogInfo = false,
            })
            .AddHocon(Fixed, HoconAddMode.Prepend);
        if (node.JoinTimeout is { } join)
            akka.AddHocon(ConfigurationFactory.ParseString(
                $"akka.cluster.shutdown-after-unsuccessful-join-seed-nodes = {Math.Max(1, (int)join.TotalSeconds)}s"), HoconAddMode.Prepend);
        if (sweep is not null) akka.AddHocon(JournalConfig.For(sweep), HoconAddMode.Append);
        return akka;
    }

    private static RemoteOptions Remoting(NodeOptions node, X509Certificate2? certificate) => new()
    {
        HostName = node.Host,
        Port = node.Port,
        PublicHostName = node.AdvertisedHost,
        PublicPort = node.PublicPort,
        MaxFrameSize = MaxFrameBytes,
        SendBufferSize = MaxFrameBytes,
        ReceiveBufferSize = MaxFrameBytes,
        EnableSsl = certificate is not null,
        Ssl = certificate is null ? new SslOptions() : new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            // Both ends present the cluster's certificate, and only that very certificate is accepted (pinned by
            // thumbprint): a process without it can neither join nor be joined.
            RequireMutualAuthentication = true,
            CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
        },
    };

    /// <summary>Settings Akka.Hosting has no option for; no value in it comes from outside.</summary>
    private static readonly Config Fixed = ConfigurationFactory.ParseString($$"""
        akka {
          stdout-loglevel = WARNING
          log-dead-letters = off
          log-dead-letters-during-shutdown = off
          actor.serialization-settings.json.use-pooled-string-builder = true
          remote.log-remote-lifecycle-events = off
          cluster {
            split-brain-resolver.stable-after = 5s
            singleton.role = "{{NodeOptions.CoordinatorRole}}"
            singleton-proxy.role = "{{NodeOptions.CoordinatorRole}}"
            # The proxy looks for the coordinator while it starts or moves; not worth a warning on the console.
            singleton-proxy.log-singleton-identification-failure = off
            run-coordinated-shutdown-when-down = on
          }
          coordinated-shutdown.exit-clr = off
          # The host handles SIGTERM / SIGINT itself (graceful drain, exit code 3); Akka must not stop the system first.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);
}
