using System.Text;

namespace ActiveLab.Core.Randomness;

/// <summary>
/// Names one random stream of a sweep. Every random draw in ActiveLab comes from a stream identified by
/// (sweep seed, dataset, method, repeat, round, purpose), so a result never depends on how many workers ran,
/// in which order jobs finished, or whether the sweep was restarted.
/// <para>
/// Seed derivation (documented so other tools can reproduce it): start from h = sweepSeed; for each field in the
/// order dataset, method, repeat, round, purpose, fold the field into h as h = SplitMix64(h XOR v), where v is the
/// 64-bit FNV-1a hash of the UTF-8 text for strings and the two's-complement value for integers. The final h seeds
/// a xoshiro256** generator (<see cref="Rng"/>) through SplitMix64.
/// </para>
/// Use <see cref="RunLevelRound"/> (−1) for streams that belong to a whole run rather than to one round (for example
/// dataset construction), and the empty string for a field that does not apply.
/// </summary>
/// <param name="SweepSeed">The sweep's seed from its config.</param>
/// <param name="Dataset">Benchmark / dataset name, e.g. "wall-robot".</param>
/// <param name="Method">Scoring method name as in result files, e.g. "crowdlab"; empty for method-independent streams.</param>
/// <param name="Repeat">Repeat (run) index, 0-based.</param>
/// <param name="Round">Round index, 0-based; −1 for run-level streams.</param>
/// <param name="Purpose">What the draws are for, e.g. "folds", "model:mlp:fold2", "scores", "annotator", "tie-break".</param>
public readonly record struct StreamKey(ulong SweepSeed, string Dataset, string Method, int Repeat, int Round, string Purpose)
{
    /// <summary>Round value for run-level streams (dataset construction, repeat-wide draws).</summary>
    public const int RunLevelRound = -1;

    /// <summary>The 64-bit seed of this stream.</summary>
    public ulong Seed
    {
        get
        {
            ulong h = SweepSeed;
            h = Fold(h, Fnv1a(Dataset));
            h = Fold(h, Fnv1a(Method));
            h = Fold(h, unchecked((ulong)(long)Repeat));
            h = Fold(h, unchecked((ulong)(long)Round));
            h = Fold(h, Fnv1a(Purpose));
            return h;
        }
    }

    /// <summary>The same stream key with another purpose (handy for sub-streams of one job).</summary>
    public StreamKey WithPurpose(string purpose) => this with { Purpose = purpose };

    private static ulong Fold(ulong h, ulong v)
    {
        ulong x = h ^ v;
        return Rng.SplitMix64(ref x);
    }

    private static ulong Fnv1a(string text)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text ?? string.Empty))
        {
            hash ^= b;
            hash *= 0x100000001B3UL;
        }
        return hash;
    }
}
