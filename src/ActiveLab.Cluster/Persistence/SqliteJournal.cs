using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Serialization;
using Akka.Util;
using Microsoft.Data.Sqlite;

namespace ActiveLab.Cluster.Persistence;

/// <summary>
/// The write journal of an embedded SQLite sweep journal: Akka.Persistence's plugin API over
/// <see cref="SqliteJournalWriter"/> (group commit) and <see cref="SqliteJournalReader"/>. It stores rows exactly as
/// Akka.Persistence.Sql does (same tables, serializer id and manifest per row), so the two read each other's journals;
/// PostgreSQL journals keep using Akka.Persistence.Sql. It exists because every cell persists a round every few
/// milliseconds and recovers once: through linq2db that cost about 1 ms of CPU per event, the largest single item of a
/// 10,000-cell sweep.
/// <para>Tagged events are rejected (nothing in ActiveLab tags them, and this journal keeps no tag table rows).</para>
/// </summary>
public sealed class SqliteJournal : AsyncWriteJournal
{
    private readonly SqliteJournalWriter _writer;
    private readonly SqliteJournalReader _reader;
    private readonly Akka.Serialization.Serialization _serialization;
    private readonly ExtendedActorSystem _system;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    // The latest write of each persistence id still in flight: a recovery waits for it before it reads the highest
    // sequence number, or it could reuse one (the contract of ReadHighestSequenceNrAsync).
    private readonly ConcurrentDictionary<string, Task> _writesInFlight = new();

    public SqliteJournal(Config config)
    {
        string connectionString = config.GetString("connection-string");
        if (string.IsNullOrWhiteSpace(connectionString)) throw new ConfigurationException("activelab sqlite journal: connection-string is required");
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            SqliteJournalSchema.Ensure(connection);
        }
        _writer = new SqliteJournalWriter(connectionString);
        _reader = new SqliteJournalReader(connectionString);
        _system = (ExtendedActorSystem)Context.System;
        _serialization = _system.Serialization;
    }

    protected override void PostStop()
    {
        _writer.Dispose(); // commits what is queued
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var rejections = new Exception?[writes.Count];
        var rows = new List<JournalRow>();
        long now = DateTime.UtcNow.Ticks;
        for (int i = 0; i < writes.Count; i++)
        {
            int before = rows.Count;
            try
            {
                foreach (var e in (IEnumerable<IPersistentRepresentation>)writes[i].Payload) rows.Add(ToRow(e, now));
            }
            catch (Exception e)
            {
                // A write that cannot be serialized is rejected alone (its actor is told); the others go on.
                rows.RemoveRange(before, rows.Count - before);
                rejections[i] = e;
            }
        }
        var written = _writer.Write(rows);
        foreach (var id in rows.Select(r => r.PersistenceId).Distinct())
        {
            _writesInFlight[id] = written;
            written.ContinueWith(_ => _writesInFlight.TryRemove(KeyValuePair.Create(id, written)), TaskScheduler.Default);
        }
        return Completed(written, rejections);
    }

    private static async Task<IImmutableList<Exception>> Completed(Task written, Exception?[] rejections)
    {
        await written;
        return rejections.Any(r => r is not null) ? ImmutableList.CreateRange(rejections.Select(r => r!)) : null!;
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_writesInFlight.TryGetValue(persistenceId, out var pending))
            await pending.ContinueWith(_ => { }, TaskScheduler.Default); // its outcome does not matter, only that it ended
        return await Task.Run(() => _reader.HighestSequenceNr(persistenceId), cancellationToken);
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback) =>
        Task.Run(() =>
        {
            foreach (var row in _reader.Events(persistenceId, fromSequenceNr, toSequenceNr, max))
                recoveryCallback(new Persistent(Deserialize(row), row.SequenceNr, persistenceId, row.Manifest, false, ActorRefs.NoSender,
                    row.WriterUuid, row.Created));
        });

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) => _writer.MarkDeleted(persistenceId, toSequenceNr);

    /// <summary>As Akka.Persistence.Sql stores an event: its serializer's id, and the manifest that serializer needs.</summary>
    private JournalRow ToRow(IPersistentRepresentation e, long now)
    {
        if (e.Payload is Tagged) throw new NotSupportedException("the ActiveLab SQLite journal does not store tagged events");
        var payload = e.Payload;
        var serializer = _serialization.FindSerializerFor(payload);
        string manifest = serializer switch
        {
            SerializerWithStringManifest s => s.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        byte[] bytes = Akka.Serialization.Serialization.WithTransport(_system, () => serializer.ToBinary(payload));
        return new JournalRow(e.PersistenceId, e.SequenceNr, bytes, manifest, serializer.Identifier, e.Timestamp == 0 ? now : e.Timestamp, false,
            _writerUuid);
    }

    /// <summary>By the serializer id stored with the row (rows without one name their type in the manifest).</summary>
    private object Deserialize(JournalRow row) => Akka.Serialization.Serialization.WithTransport(_system, () =>
        row.Identifier is { } id
            ? _serialization.Deserialize(row.Message, id, row.Manifest)
            : _serialization.FindSerializerForType(Type.GetType(row.Manifest, throwOnError: true)!).FromBinary(row.Message, Type.GetType(row.Manifest)));
}
