using Akka.Configuration;
using Akka.Hosting;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Hosting;

/// <summary>
/// The journal of a sweep (embedded SQLite by default, PostgreSQL for clusters) and the serializer of the cells' events.
/// Used by the node (<see cref="NodeWiring"/>) and by readers that open the journal without a node
/// (<see cref="SweepStatusReader"/>). Akka.Persistence.Sql.Hosting 1.5.70 (the only version served) cannot express our
/// own SQLite write plugin, the recovery timeout or the query journal's write plugin, so this stays one HOCON block whose
/// only values from outside (the connection string) are quoted by Akka.Hosting's <c>ToHocon</c>.
/// </summary>
public static class JournalConfig
{
    public static Config For(SweepConfig sweep)
    {
        string provider = sweep.Persistence == PersistenceProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";
        string cs = sweep.EffectiveConnectionString.ToHocon();
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
                "ActiveLab.Cluster.Protocol.ICellEvent, ActiveLab.Cluster" = activelab-cell-events
              }
            }
            akka.persistence {
              max-concurrent-recoveries = {{recoveries}}
              journal {
                plugin = "{{journal}}"
                activelab-sqlite {
                  class = "ActiveLab.Cluster.Persistence.SqliteJournal, ActiveLab.Cluster"
                  plugin-dispatcher = "akka.persistence.dispatchers.default-plugin-dispatcher"
                  connection-string = {{cs}}
                  # Each recovery would start a replay-filter actor (whose Props compile an expression tree, i.e. JIT
                  # work per cell). It guards against two writers interleaving one persistence id's events, which the
                  # journal's unique (persistence_id, sequence_number) index already rules out.
                  replay-filter.mode = off
                }
                sql {
                  connection-string = {{cs}}
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
                connection-string = {{cs}}
                provider-name = "{{provider}}"
                # Its own write plugin, not the default journal: it asks that plugin whether the tables exist.
                write-plugin = "akka.persistence.journal.sql"
              }
            }
            """).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
    }
}
