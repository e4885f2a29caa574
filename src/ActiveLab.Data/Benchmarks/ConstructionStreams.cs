using ActiveLab.Core.Randomness;

namespace ActiveLab.Data;

/// <summary>
/// The random streams of dataset construction: <c>StreamKey(seed, dataset, "", 0, RunLevelRound, purpose)</c>.
/// One stream per purpose, so changing how many draws one step makes never shifts another step. Purposes used:
/// "subset", "split", "annotators", "labeled-split", "sparsify", "single-labels", "initial-labels".
/// </summary>
public static class ConstructionStreams
{
    /// <summary>The key of one construction stream.</summary>
    public static StreamKey Key(ulong seed, string dataset, string purpose) =>
        new(seed, dataset, string.Empty, 0, StreamKey.RunLevelRound, purpose);

    /// <summary>A fresh generator for one construction stream.</summary>
    public static Rng For(ulong seed, string dataset, string purpose) => Rng.For(Key(seed, dataset, purpose));
}
