namespace ActiveLab.Results;

/// <summary>How <see cref="ResultCompactor"/> treats part files it cannot read.</summary>
public sealed record ResultCompactionOptions
{
    /// <summary>
    /// False (default): an unreadable or corrupt part aborts compaction with a <see cref="ResultFileException"/> naming
    /// it, and nothing is written. True: the part is skipped, listed in <see cref="CompactionResult.SkippedParts"/> and
    /// reported through <see cref="Warning"/>.
    /// </summary>
    public bool SkipUnreadableParts { get; init; }

    /// <summary>Receives one line per skipped part (e.g. a logger); may be null.</summary>
    public Action<string>? Warning { get; init; }
}
