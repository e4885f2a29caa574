using Akka.Configuration;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// The HOCON of an ActiveLab node: cluster over TCP (Akka.Remote DotNetty), split-brain resolver, the coordinator as a
/// cluster singleton on the "coordinator" role, and — on coordinator nodes — the SQL journal (embedded SQLite by
/// default, PostgreSQL for clusters).
/// </summary>
public static class AkkaConfig
{
    public static Config Build(NodeOptions node, SweepConfig? sweep)
    {
        string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var seeds = string.Join(", ", node.SeedAddresses.Select(Quote));
        var roles = string.Join(", ", node.Roles.Select(Quote));
        var hocon = $$"""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              loggers = ["ActiveLab.Cluster.Hosting.OneLineLogger, ActiveLab.Cluster"]
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor {
                provider = cluster
                serialization-settings.json.use-pooled-string-builder = true
                serializers.activelab-work = "ActiveLab.Cluster.Protocol.WorkSerializer, ActiveLab.Cluster"
                serialization-bindings {
                  "ActiveLab.Cluster.Protocol.WorkAssignment, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.JobSucceeded, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.JobFailed, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.RequestWork, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.RenewLeases, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.ReturnLeases, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.LeasesReturned, ActiveLab.Cluster" = activelab-work
                  "ActiveLab.Cluster.Protocol.SweepFinished, ActiveLab.Cluster" = activelab-work
                }
              }
              remote {
                log-remote-lifecycle-events = off
                dot-netty.tcp {
                  hostname = {{Quote(node.Host)}}
                  port = {{node.Port}}
                  public-hostname = {{Quote(node.AdvertisedHost)}}
                  enable-ssl = {{(node.Tls is null ? "off" : "on")}}
                  {{(node.PublicPort is { } publicPort ? $"public-port = {publicPort}" : "")}}
                  maximum-frame-size = 64MiB
                  send-buffer-size = 64MiB
                  receive-buffer-size = 64MiB
                }
              }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [{{roles}}]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-oldest
                  stable-after = 5s
                  keep-oldest.down-if-alone = on
                }
                singleton.role = "{{NodeOptions.CoordinatorRole}}"
                singleton-proxy.role = "{{NodeOptions.CoordinatorRole}}"
                # The proxy looks for the coordinator while it starts or moves; not worth a warning on the console.
                singleton-proxy.log-singleton-identification-failure = off
                run-coordinated-shutdown-when-down = on
                log-info = off
                {{(node.JoinTimeout is { } join ? $"shutdown-after-unsuccessful-join-seed-nodes = {Math.Max(1, (int)join.TotalSeconds)}s" : "")}}
              }
              coordinated-shutdown.exit-clr = off
              # The host handles SIGTERM / SIGINT itself (graceful drain, exit code 3); Akka must not stop the system first.
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """;
        var config = ConfigurationFactory.ParseString(hocon);
        if (sweep is not null) config = config.WithFallback(Persistence(sweep));
        return config.WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Journal, snapshot store and query journal on the sweep's database, and the serializer of the cells' events.</summary>
    public static Config Persistence(SweepConfig sweep)
    {
        string provider = sweep.Persistence == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        string cs = sweep.EffectiveConnectionString.Replace("\\", "\\\\").Replace("\"", "\\\"");
        // Up to max-active-cells cells start at once and each recovers before its first round; Akka's default of 50
        // concurrent recoveries made fresh cells queue for a permit.
        int recoveries = Math.Max(50, sweep.MaxActiveCells);
        // SQLite: ActiveLab's own write journal (same tables as Akka.Persistence.Sql, see SqliteJournal); PostgreSQL and
        // every reader (snapshot store, query journal) stay on Akka.Persistence.Sql.
        string journal = sweep.Persistence == PersistenceProvider.Sqlite ? "akka.persistence.journal.activelab-sqlite" : "akka.persistence.journal.sql";
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.activelab-cell-events = "ActiveLab.Cluster.Protocol.CellEventSerializer, ActiveLab.Cluster"
              serialization-bindings {
                "ActiveLab.Cluster.Protocol.CellRoundCompleted, ActiveLab.Cluster" = activelab-cell-events
                "ActiveLab.Cluster.Protocol.CellFailed, ActiveLab.Cluster" = activelab-cell-events
                "ActiveLab.Cluster.Protocol.CellRetried, ActiveLab.Cluster" = activelab-cell-events
              }
            }
            akka.persistence {
              max-concurrent-recoveries = {{recoveries}}
              journal {
                plugin = "{{journal}}"
                activelab-sqlite {
                  class = "ActiveLab.Cluster.Persistence.SqliteJournal, ActiveLab.Cluster"
                  plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
                  connection-string = "{{cs}}"
                  # Each recovery would start a replay-filter actor (whose Props compile an expression tree, i.e. JIT
                  # work per cell). It guards against two writers interleaving one persistence id's events, which the
                  # journal's unique (persistence_id, sequence_number) index already rules out.
                  replay-filter.mode = off
                }
                sql {
                  connection-string = "{{cs}}"
                  provider-name = "{{provider}}"
                  auto-initialize = on
                  # A journal that cannot reach its database does not answer a replay: notice that within 10 s
                  # (the wait restarts with every event replayed, so long replays are not cut short).
                  recovery-event-timeout = 10s
                }
              }
              # No actor of a sweep saves snapshots (cells replay their rounds): no snapshot store, so recovery asks
              # only the journal and an unreachable database is noticed at once, not after a 30-s snapshot timeout.
              snapshot-store.plugin = "akka.persistence.no-snapshot-store"
              query.journal.sql {
                connection-string = "{{cs}}"
                provider-name = "{{provider}}"
                # Its own write plugin, not the default journal: it asks that plugin whether the tables exist.
                write-plugin = "akka.persistence.journal.sql"
              }
            }
            """);
    }
}
