using System.Diagnostics;
using ActiveLab.Core;
using ActiveLab.Core.Consensus;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Scoring;

namespace ActiveLab.Benchmarks;

/// <summary>
/// The scoring benchmark: N labeled + N unlabeled examples, M = 50 annotators, ~3 labels per row, K = 10,
/// one thread, fixed seed. Times the two steps the cleanlab reference was timed on: consensus/quality
/// (get_label_quality_multiannotator) and active-learning scores (get_active_learning_scores), median of 3 runs
/// after one warm-up, and reports the process's peak working set.
/// Reference (cleanlab 2.3.0, one core of this machine): N = 100,000 → 190 s + 317 s ≈ 510 s; N = 10,000 → 48 s.
/// </summary>
public static class ScoringBenchmark
{
    private const int Annotators = 50, Classes = 10;

    public static int Run(int[] sizes)
    {
        Console.WriteLine($"# ActiveLab scoring benchmark — M = {Annotators}, K = {Classes}, ~3 labels/row, 1 thread, .NET {Environment.Version}");
        Console.WriteLine("| N labeled + N unlabeled | labels | consensus+quality (s) | active-learning scores (s) | total (s) | peak working set (MiB) |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (int n in sizes)
        {
            var (labels, p, q) = Generate(n, seed: 20230126);
            _ = Crowdlab.GetLabelQuality(labels, p);          // warm-up (JIT)
            _ = ActiveLabScores.Library(labels, p, q);
            var consensus = new List<double>();
            var scores = new List<double>();
            for (int rep = 0; rep < 3; rep++)
            {
                var sw = Stopwatch.StartNew();
                var res = Crowdlab.GetLabelQuality(labels, p);
                consensus.Add(sw.Elapsed.TotalSeconds);
                sw.Restart();
                var al = ActiveLabScores.Library(labels, p, q);
                scores.Add(sw.Elapsed.TotalSeconds);
                if (res.ConsensusLabel.Length != n || al.Unlabeled.Length != n) throw new InvalidOperationException("wrong output size");
            }
            double c = Median(consensus), s = Median(scores);
            long peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
            Console.WriteLine($"| {n:N0} + {n:N0} | {labels.Count:N0} | {c:F3} | {s:F3} | {c + s:F3} | {peak} |");
        }
        return 0;
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs[xs.Count / 2];
    }

    /// <summary>Noisy annotators (accuracy 0.55–0.95) around a hidden truth, 1–5 labels per row (mean 3), a model
    /// whose probabilities lean to the truth.</summary>
    private static (LabelMatrix Labels, Matrix P, Matrix Q) Generate(int n, ulong seed)
    {
        var rng = new Rng(seed);
        var accuracy = new double[Annotators];
        for (int j = 0; j < Annotators; j++) accuracy[j] = 0.55 + 0.4 * rng.NextDouble();
        var builder = new LabelMatrix.Builder(n, Annotators);
        for (int i = 0; i < n; i++)
        {
            int truth = rng.NextInt(Classes);
            int count = 1 + rng.NextInt(5);
            foreach (int j in rng.SampleWithoutReplacement(Annotators, count))
                builder.Add(i, j, rng.NextDouble() < accuracy[j] ? truth : rng.NextInt(Classes));
        }
        return (builder.Build(), Probabilities(n, rng), Probabilities(n, rng));
    }

    private static Matrix Probabilities(int n, Rng rng)
    {
        var m = new Matrix(n, Classes);
        for (int i = 0; i < n; i++)
        {
            var row = m.Row(i);
            rng.NextFlatDirichlet(row);
            int lean = rng.NextInt(Classes);
            for (int c = 0; c < Classes; c++) row[c] = 0.4 * row[c] + (c == lean ? 0.6 : 0);
        }
        return m;
    }
}
