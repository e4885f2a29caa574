namespace ActiveLab.Data;

/// <summary>A benchmark name that the catalog does not know; the message lists the valid names.</summary>
public sealed class UnknownBenchmarkException : ArgumentException
{
    public UnknownBenchmarkException(string name, IEnumerable<string> validNames)
        : base($"unknown benchmark '{name}'; valid names: {string.Join(", ", validNames)}")
    {
        Name = name;
    }

    /// <summary>The name that was asked for.</summary>
    public string Name { get; }
}
