namespace ActiveLab.Results;

/// <summary>
/// A results file (Parquet table, part file or manifest) that cannot be read: missing, corrupt, or with an
/// unexpected schema. The message starts with the file's path so a user can find and remove or repair it.
/// </summary>
public sealed class ResultFileException : IOException
{
    public ResultFileException(string filePath, string problem, Exception? inner = null)
        : base($"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>Path of the offending file, as it was given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with the file (the message without the path).</summary>
    public string Problem { get; }
}
