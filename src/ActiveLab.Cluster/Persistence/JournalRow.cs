namespace ActiveLab.Cluster.Persistence;

/// <summary>One row of the journal table: a serialized event of one persistence id.</summary>
/// <param name="Identifier">Akka serializer id of <paramref name="Message"/>; null only in rows of very old plugins (manifest = type name).</param>
/// <param name="Created">Timestamp in .NET ticks (UTC), as Akka.Persistence.Sql writes it.</param>
internal sealed record JournalRow(
    string PersistenceId, long SequenceNr, byte[] Message, string Manifest, int? Identifier, long Created, bool Deleted, string? WriterUuid);
