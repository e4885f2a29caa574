using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace ActiveLab.Cluster.Persistence;

/// <summary>
/// Appends journal rows to SQLite with group commit: one thread owns the only write connection and a prepared insert,
/// and every transaction takes all the writes that queued up while the previous one committed (up to
/// <see cref="MaxRowsPerTransaction"/>). SQLite allows one writer at a time anyway, so this costs no concurrency;
/// it saves the per-write connection, statement building and fsync that made Akka.Persistence.Sql (through linq2db)
/// spend about a millisecond of CPU per event.
/// <para>
/// A write completes only after its transaction committed (durable as the database's synchronous setting makes it).
/// Writes run in the order they were queued, so the events of one persistence id stay in order. If a transaction
/// fails, its writes are retried one per transaction, so only the offending write fails (e.g. a duplicate sequence
/// number from a second writer) and the others are unaffected.
/// </para>
/// </summary>
internal sealed class SqliteJournalWriter : IDisposable
{
    /// <summary>Upper bound on the rows of one transaction (keeps a burst from holding the write lock for long).</summary>
    public const int MaxRowsPerTransaction = 2000;

    /// <summary>Rows to append, or (with <paramref name="DeleteTo"/>) events of one persistence id to mark deleted.</summary>
    private sealed record PendingWrite(IReadOnlyList<JournalRow> Rows, (string PersistenceId, long ToSequenceNr)? DeleteTo, TaskCompletionSource Done);

    private readonly string _connectionString;
    private readonly BlockingCollection<PendingWrite> _queue = new();
    private readonly Thread _thread;
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;

    public SqliteJournalWriter(string connectionString)
    {
        // Its own connection for as long as it lives: no pool, so a connection that failed is really closed.
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _thread = new Thread(Run) { IsBackground = true, Name = "activelab-journal-writer" };
        _thread.Start();
    }

    /// <summary>Queues <paramref name="rows"/> (one atomic write: all or none); the task completes once they are committed.</summary>
    public Task Write(IReadOnlyList<JournalRow> rows) => rows.Count == 0 ? Task.CompletedTask : Enqueue(rows, null);

    /// <summary>Marks the events of <paramref name="persistenceId"/> up to <paramref name="toSequenceNr"/> deleted (they are
    /// no longer replayed; the rows stay, so the highest sequence number is never reused), after the writes queued before.</summary>
    public Task MarkDeleted(string persistenceId, long toSequenceNr) => Enqueue([], (persistenceId, toSequenceNr));

    private Task Enqueue(IReadOnlyList<JournalRow> rows, (string, long)? deleteTo)
    {
        // Continuations run on the thread pool, never on the writer thread.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add(new PendingWrite(rows, deleteTo, done));
        return done.Task;
    }

    /// <summary>Stops accepting writes, commits the queued ones and waits for the writer thread.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Run()
    {
        var batch = new List<PendingWrite>();
        foreach (var first in _queue.GetConsumingEnumerable())
        {
            batch.Clear();
            batch.Add(first);
            int rows = first.Rows.Count;
            while (rows < MaxRowsPerTransaction && _queue.TryTake(out var next))
            {
                batch.Add(next);
                rows += next.Rows.Count;
            }
            try
            {
                Commit(batch);
                foreach (var w in batch) w.Done.TrySetResult();
            }
            catch (Exception e)
            {
                Close(); // the connection may be what failed; the next commit opens a fresh one
                if (batch.Count == 1)
                {
                    first.Done.TrySetException(e);
                    continue;
                }
                // Find the write that failed: each alone in its own transaction.
                foreach (var w in batch)
                {
                    try
                    {
                        Commit([w]);
                        w.Done.TrySetResult();
                    }
                    catch (Exception single)
                    {
                        Close();
                        w.Done.TrySetException(single);
                    }
                }
            }
        }
        Close();
    }

    private void Commit(IReadOnlyList<PendingWrite> writes)
    {
        if (_connection is null) Open();
        using var transaction = _connection!.BeginTransaction();
        var insert = _insert!;
        insert.Transaction = transaction;
        var p = insert.Parameters;
        foreach (var w in writes)
        {
            if (w.DeleteTo is { } deleteTo)
            {
                using var delete = _connection.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to";
                delete.Parameters.AddWithValue("$pid", deleteTo.PersistenceId);
                delete.Parameters.AddWithValue("$to", deleteTo.ToSequenceNr);
                delete.ExecuteNonQuery();
            }
            foreach (var row in w.Rows)
            {
                p[0].Value = row.Created;
                p[1].Value = row.PersistenceId;
                p[2].Value = row.SequenceNr;
                p[3].Value = row.Message;
                p[4].Value = row.Manifest;
                p[5].Value = row.Identifier is { } id ? id : DBNull.Value;
                p[6].Value = (object?)row.WriterUuid ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private void Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier, $writer)
            """;
        foreach (var name in new[] { "$created", "$pid", "$seq", "$message", "$manifest", "$identifier", "$writer" })
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        (_connection, _insert) = (connection, insert);
    }

    private void Close()
    {
        _insert?.Dispose();
        _connection?.Dispose();
        (_connection, _insert) = (null, null);
    }
}
