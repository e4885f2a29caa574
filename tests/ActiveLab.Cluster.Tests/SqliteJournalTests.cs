using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Microsoft.Data.Sqlite;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Persistence;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;

namespace ActiveLab.Cluster.Tests;

/// <summary>
/// ActiveLab's SQLite write journal: events replay exactly and in order, sequence numbers continue, and its journals and
/// those Akka.Persistence.Sql writes (what builds before it used, with JSON events) are read by either.
/// </summary>
public class SqliteJournalTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static SweepConfig Sweep(string dir) => SweepConfig.Parse(
        "activelab.sweep { name = j, datasets = [wall-robot], methods = [random], models = [et, knn], repeats = 1, rounds = 3 }", "t.conf", TestPaths.Data, dir);

    /// <summary>An actor system on the sweep's journal: this build's, or an older build's (Akka.Persistence.Sql, JSON cell events).</summary>
    private static ActorSystem Journal(SweepConfig sweep, bool olderBuild = false, Config? extra = null)
    {
        Directory.CreateDirectory(sweep.SweepDir);
        var older = ConfigurationFactory.ParseString("""
            akka.persistence.journal.plugin = "akka.persistence.journal.sql"
            akka.actor.serialization-bindings {
              "ActiveLab.Cluster.Protocol.CellRoundCompleted, ActiveLab.Cluster" = json
              "ActiveLab.Cluster.Protocol.CellFailed, ActiveLab.Cluster" = json
            }
            """);
        var config = (olderBuild ? older : Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(JournalConfig.For(sweep))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        if (extra is not null) config = extra.WithFallback(config);
        return ActorSystem.Create("journal", config);
    }

    /// <summary>Persists the given events and answers with its last sequence number; answers "recovered" with what it replayed.</summary>
    private sealed class Entity : ReceivePersistentActor
    {
        private readonly List<object> _recovered = new();

        public Entity(string id)
        {
            PersistenceId = id;
            Recover<RecoveryCompleted>(_ => { });
            Recover<object>(e => _recovered.Add(e));
            Command<object[]>(events =>
            {
                var sender = Sender;
                int left = events.Length;
                PersistAll(events, _ => { if (--left == 0) sender.Tell(LastSequenceNr); });
            });
            Command<long>(to =>
            {
                var sender = Sender;
                DeleteMessages(to);
                Become(() =>
                {
                    Command<DeleteMessagesSuccess>(s => sender.Tell(s.ToSequenceNr));
                    Command<DeleteMessagesFailure>(f => sender.Tell(new Status.Failure(f.Cause)));
                });
            });
            Command<string>(s => s == "recovered", _ => Sender.Tell(new Recovered(_recovered.ToArray(), LastSequenceNr)));
        }

        public override string PersistenceId { get; }
    }

    private sealed record Recovered(object[] Events, long LastSequenceNr);

    private static async Task<T> With<T>(SweepConfig sweep, bool olderBuild, Func<ActorSystem, Task<T>> use, Config? extra = null)
    {
        var system = Journal(sweep, olderBuild, extra);
        try
        {
            return await use(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static IActorRef Start(ActorSystem system, string id) => system.ActorOf(Props.Create(() => new Entity(id)));

    private static string[] Describe(IEnumerable<object> events) => events.Select(CellEventSerializerTests.Describe).ToArray();

    [Fact]
    public async Task Events_replay_exactly_and_in_order_and_sequence_numbers_continue_after_a_restart()
    {
        var sweep = Sweep(TestPaths.TempDir());
        var second = CellEventSerializerTests.Round with { Nodes = "second" };
        Assert.Equal(2L, await With(sweep, false, s => Start(s, "cell|j|a").Ask<long>(new object[] { CellEventSerializerTests.Round, second }, Wait)));

        var replayed = await With(sweep, false, async s =>
        {
            var a = Start(s, "cell|j|a");
            var r = await a.Ask<Recovered>("recovered", Wait);
            Assert.Equal(3L, await a.Ask<long>(new object[] { CellEventSerializerTests.Failure }, Wait));
            return r;
        });
        Assert.Equal(2, replayed.LastSequenceNr);
        Assert.Equal(Describe([CellEventSerializerTests.Round, second]), Describe(replayed.Events));

        var all = await With(sweep, false, s => Start(s, "cell|j|a").Ask<Recovered>("recovered", Wait));
        Assert.Equal(Describe([CellEventSerializerTests.Round, second, CellEventSerializerTests.Failure]), Describe(all.Events));
        Assert.Equal(0, (await With(sweep, false, s => Start(s, "cell|j|other").Ask<Recovered>("recovered", Wait))).LastSequenceNr);
    }

    [Fact]
    public async Task A_journal_written_by_Akka_Persistence_Sql_resumes_here_and_the_other_way_round()
    {
        var sweep = Sweep(TestPaths.TempDir());
        // JSON does not keep the sign of -0.0 (the binary format does); this event has none.
        var round = CellEventSerializerTests.Round with { Result = CellEventSerializerTests.Round.Result with { DistributionEntropy = 0.25 } };
        Assert.Equal(2L, await With(sweep, true, s => Start(s, "cell|j|a").Ask<long>(new object[] { round, "text" }, Wait)));

        var resumed = await With(sweep, false, async s =>
        {
            var a = Start(s, "cell|j|a");
            var r = await a.Ask<Recovered>("recovered", Wait);
            Assert.Equal(3L, await a.Ask<long>(new object[] { CellEventSerializerTests.Failure }, Wait));
            return r;
        });
        Assert.Equal(Describe([round, "text"]), Describe(resumed.Events));

        var back = await With(sweep, true, s => Start(s, "cell|j|a").Ask<Recovered>("recovered", Wait));
        Assert.Equal(3, back.LastSequenceNr);
        Assert.Equal(Describe([round, "text", CellEventSerializerTests.Failure]), Describe(back.Events));

        // The same table: JSON rows from Akka.Persistence.Sql, the binary cell event from this journal.
        using var connection = new SqliteConnection(sweep.EffectiveConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sequence_number, identifier, manifest FROM journal WHERE persistence_id = 'cell|j|a' ORDER BY sequence_number";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add($"{reader.GetInt64(0)} {reader.GetInt32(1)} {reader.GetString(2)}");
        Assert.Equal(["1 1 ", "2 1 ", $"3 {CellEventSerializer.Id} {CellEventSerializer.FailedManifest}"], rows);
    }

    [Fact]
    public async Task Deleted_events_are_not_replayed_and_their_sequence_numbers_are_not_reused()
    {
        var sweep = Sweep(TestPaths.TempDir());
        await With(sweep, false, async s =>
        {
            var a = Start(s, "cell|j|a");
            Assert.Equal(3L, await a.Ask<long>(new object[] { "one", "two", "three" }, Wait));
            return await a.Ask<long>(2L, Wait);
        });
        var after = await With(sweep, false, s => Start(s, "cell|j|a").Ask<Recovered>("recovered", Wait));
        Assert.Equal(["three"], Describe(after.Events));
        Assert.Equal(3, after.LastSequenceNr);
    }

    [Fact]
    public async Task A_write_that_fails_fails_alone_and_the_writes_queued_with_it_are_committed()
    {
        var sweep = Sweep(TestPaths.TempDir());
        Directory.CreateDirectory(sweep.SweepDir);
        using (var connection = new SqliteConnection(sweep.EffectiveConnectionString))
        {
            connection.Open();
            SqliteJournalSchema.Ensure(connection);
        }
        JournalRow Row(string id, long seq) => new(id, seq, [1, 2, 3], "m", 1, DateTime.UtcNow.Ticks, false, "w");
        Task first, duplicate, other;
        using (var writer = new SqliteJournalWriter(sweep.EffectiveConnectionString))
        {
            first = writer.Write([Row("a", 1), Row("a", 2)]);
            duplicate = writer.Write([Row("a", 2)]);
            other = writer.Write([Row("b", 1)]);
            await Task.WhenAll(first, other).WaitAsync(Wait);
            await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        }
        var reader = new SqliteJournalReader(sweep.EffectiveConnectionString);
        Assert.Equal(2, reader.HighestSequenceNr("a"));
        Assert.Equal(1, reader.HighestSequenceNr("b"));
        Assert.Equal(0, reader.HighestSequenceNr("c"));
        Assert.Equal([1L, 2L], reader.Events("a", 1, long.MaxValue, long.MaxValue).Select(r => r.SequenceNr));
    }

    [Fact]
    public async Task Status_counts_rounds_and_failures_written_by_an_older_build_and_by_this_one()
    {
        var sweep = Sweep(TestPaths.TempDir());
        var cells = SweepGrid.Expand(sweep).ToArray();
        Assert.Equal(2, cells.Length);
        var manifest = new SweepManifestRecorded(sweep.Hash(), sweep.SettingsHash(), sweep.Source, cells);
        var round = CellEventSerializerTests.Round;
        // An older build: the manifest and a finished cell, as JSON through Akka.Persistence.Sql.
        await With(sweep, true, async s =>
        {
            await Start(s, "sweep|j").Ask<long>(new object[] { manifest }, Wait);
            return await Start(s, $"cell|j|{cells[0].Id}").Ask<long>(new object[] { round, round, round }, Wait);
        });
        // This build: one round and a failure of the other cell.
        await With(sweep, false, s => Start(s, $"cell|j|{cells[1].Id}").Ask<long>(new object[] { round, CellEventSerializerTests.Failure }, Wait));

        var status = await SweepStatusReader.ReadAsync(sweep);
        Assert.NotNull(status);
        Assert.Equal(2, status!.Cells);
        Assert.Equal(1, status.CellsDone);
        Assert.Equal(1, status.CellsFailed);
        Assert.True(status.Finished);
        Assert.Equal($"{cells[1].Id}: {CellEventSerializerTests.Failure.Error}", Assert.Single(status.Groups.SelectMany(g => g.Errors)));
    }

    /// <summary>Persists <c>count</c> string events one write each (PersistAsync: all in flight at once; or Persist: one
    /// after another), and answers with the sequence number each handler saw, in handler order.</summary>
    private sealed class Writer : ReceivePersistentActor
    {
        private sealed record One(int Index);

        public Writer(string id, bool async)
        {
            PersistenceId = id;
            var seen = new List<long>();
            int count = 0;
            IActorRef requester = ActorRefs.Nobody;
            void Handler(string _)
            {
                seen.Add(LastSequenceNr);
                if (seen.Count == count) requester.Tell(seen.ToArray());
            }
            Command<int>(n =>
            {
                (count, requester) = (n, Sender);
                for (int i = 0; i < n; i++) Self.Tell(new One(i));
            });
            Command<One>(one =>
            {
                string e = $"{id}:{one.Index}";
                if (async) PersistAsync(e, Handler);
                else Persist(e, Handler);
            });
        }

        public override string PersistenceId { get; }
    }

    [Fact]
    public async Task Sequence_numbers_stay_gap_free_and_in_order_with_many_writes_in_flight_from_several_actors()
    {
        const int actors = 5, events = 200;
        var sweep = Sweep(TestPaths.TempDir());
        string Id(int a) => $"cell|j|w{a}";
        var seen = await With(sweep, false, async s =>
        {
            // Actors 0, 2, 4 keep all their writes in flight (PersistAsync), 1 and 3 persist one after another; all at once.
            var writers = Enumerable.Range(0, actors).Select(a => s.ActorOf(Props.Create<Writer>(Id(a), a % 2 == 0))).ToArray();
            var answers = writers.Select(w => w.Ask<long[]>(events, TimeSpan.FromSeconds(120))).ToArray();
            return await Task.WhenAll(answers);
        });
        foreach (var handlerSeqNrs in seen) Assert.Equal(Enumerable.Range(1, events).Select(i => (long)i), handlerSeqNrs);

        // In the database: 1..200 per actor, each row the event persisted under that number.
        using (var connection = new SqliteConnection(sweep.EffectiveConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT persistence_id, sequence_number FROM journal WHERE persistence_id LIKE 'cell|j|w%' ORDER BY persistence_id, sequence_number";
            using var reader = command.ExecuteReader();
            var rows = new List<(string Id, long Seq)>();
            while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
            for (int a = 0; a < actors; a++)
                Assert.Equal(Enumerable.Range(1, events).Select(i => (long)i), rows.Where(r => r.Id == Id(a)).Select(r => r.Seq));
            Assert.Equal(actors * events, rows.Count);
        }

        // Replayed in order, and the next event continues at 201.
        for (int a = 0; a < actors; a++)
        {
            int actor = a;
            var replayed = await With(sweep, false, async s =>
            {
                var entity = Start(s, Id(actor));
                var r = await entity.Ask<Recovered>("recovered", Wait);
                Assert.Equal(events + 1L, await entity.Ask<long>(new object[] { "next" }, Wait));
                return r;
            });
            Assert.Equal(events, replayed.LastSequenceNr);
            Assert.Equal(Enumerable.Range(0, events).Select(i => $"{Id(actor)}:{i}"), replayed.Events.Cast<string>());
        }
    }

    /// <summary>An event type whose serializer always throws.</summary>
    public sealed record Unserializable(string Name);

    public sealed class ThrowingSerializer(ExtendedActorSystem system) : Akka.Serialization.Serializer(system)
    {
        public override int Identifier => 4711;
        public override bool IncludeManifest => false;
        public override byte[] ToBinary(object obj) => throw new InvalidOperationException($"cannot serialize {obj}");
        public override object FromBinary(byte[] bytes, Type? type) => throw new InvalidOperationException("never written");
    }

    /// <summary>Persists each event of a command as its own write; reports what was persisted and what was rejected.</summary>
    private sealed class Rejecting : ReceivePersistentActor
    {
        private readonly List<string> _log = new();
        private readonly List<object> _recovered = new();

        public Rejecting(string id)
        {
            PersistenceId = id;
            Recover<RecoveryCompleted>(_ => { });
            Recover<object>(e => _recovered.Add(e));
            // One write per event (PersistAll would make them one atomic write, rejected as a whole), all sent to the
            // journal together at the end of this command.
            Command<object[]>(events =>
            {
#pragma warning disable AK1006 // deliberately one Persist per event
                foreach (var e in events) Persist(e, p => _log.Add($"persisted {p} at {LastSequenceNr}"));
#pragma warning restore AK1006
            });
            Command<string>(s => s == "log", _ => Sender.Tell(_log.ToArray()));
            Command<string>(s => s == "recovered", _ => Sender.Tell(new Recovered(_recovered.ToArray(), LastSequenceNr)));
        }

        public override string PersistenceId { get; }

        protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
            _log.Add($"rejected {(@event is Tagged t ? t.Payload : @event)} at {sequenceNr}: {cause.GetType().Name}");
    }

    [Fact]
    public async Task An_event_the_journal_rejects_fails_alone_and_the_actor_goes_on_persisting()
    {
        var sweep = Sweep(TestPaths.TempDir());
        var throwing = ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers.throwing = "{{typeof(ThrowingSerializer).AssemblyQualifiedName}}"
              serialization-bindings { "{{typeof(Unserializable).AssemblyQualifiedName}}" = throwing }
            }
            """);
        var log = await With(sweep, false, async s =>
        {
            var a = s.ActorOf(Props.Create(() => new Rejecting("cell|j|r")));
            // One batch: the tagged event (this journal keeps no tags) and the one its serializer cannot write are
            // rejected; the events around them, and another actor's writes at the same time, are stored.
            var other = Start(s, "cell|j|other");
            var otherDone = other.Ask<long>(Enumerable.Range(0, 50).Select(i => (object)$"o{i}").ToArray(), Wait);
            a.Tell(new object[] { "a", new Tagged("tagged", ["t"]), "b", new Unserializable("x"), "c" });
            Assert.Equal(50L, await otherDone);
            string[] entries = [];
            for (var until = DateTime.UtcNow + Wait; entries.Length < 5 && DateTime.UtcNow < until; await Task.Delay(50))
                entries = await a.Ask<string[]>("log", Wait);
            // Later commands are still persisted.
            a.Tell(new object[] { "d" });
            for (var until = DateTime.UtcNow + Wait; entries.Length < 6 && DateTime.UtcNow < until; await Task.Delay(50))
                entries = await a.Ask<string[]>("log", Wait);
            return entries;
        }, throwing);
        Assert.Equal([
            "persisted a at 1",
            "rejected tagged at 2: NotSupportedException",
            "persisted b at 3",
            "rejected Unserializable { Name = x } at 4: InvalidOperationException",
            "persisted c at 5",
            "persisted d at 6",
        ], log);

        var replayed = await With(sweep, false, s => s.ActorOf(Props.Create(() => new Rejecting("cell|j|r"))).Ask<Recovered>("recovered", Wait), throwing);
        Assert.Equal(["a", "b", "c", "d"], replayed.Events.Cast<string>());
        Assert.Equal(6, replayed.LastSequenceNr);
        var other = await With(sweep, false, s => Start(s, "cell|j|other").Ask<Recovered>("recovered", Wait));
        Assert.Equal(50, other.LastSequenceNr);
    }
}
