namespace ActiveLab.Results;

/// <summary>
/// Two rows of one table share a key but differ in some other column, so compaction cannot tell which one is right.
/// Identical duplicates (a resumed sweep rewriting a round) are not conflicts.
/// </summary>
public sealed class ResultConflictException : InvalidOperationException
{
    public ResultConflictException(string table, string key, string message)
        : base(message)
    {
        Table = table;
        Key = key;
    }

    /// <summary>"rounds" or "labels".</summary>
    public string Table { get; }

    /// <summary>The conflicting key, e.g. <c>dataset=wall-robot, method=crowdlab, model=et, repeat=0, round=3</c>.</summary>
    public string Key { get; }
}
