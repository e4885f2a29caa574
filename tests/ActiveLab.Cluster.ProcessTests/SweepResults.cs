using System.Globalization;
using ActiveLab.Results;

namespace ActiveLab.Cluster.ProcessTests;

/// <summary>
/// A finished sweep's tables reduced to their deterministic content: rounds.parquet without the measurements
/// (train_seconds, node) and all of labels.parquet, as lines sorted by key with doubles printed round-trip exact, so
/// two runs compare value for value and a difference shows as a readable diff.
/// </summary>
internal sealed record SweepResults(string[] Rounds, string[] Labels, IReadOnlyList<RoundRow> RoundRows)
{
    public static SweepResults Read(string sweepDir)
    {
        string rounds = SweepLayout.RoundsPath(sweepDir), labels = SweepLayout.LabelsPath(sweepDir);
        Assert.True(File.Exists(rounds), $"{rounds} was not written");
        Assert.True(File.Exists(labels), $"{labels} was not written");
        var roundRows = ParquetTables.ReadRounds(rounds);
        var labelRows = ParquetTables.ReadLabels(labels);
        return new SweepResults(
            roundRows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
                .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Repeat).ThenBy(r => r.Round).Select(Line).ToArray(),
            labelRows.OrderBy(r => r.Dataset, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)
                .ThenBy(r => r.Model, StringComparer.Ordinal).ThenBy(r => r.Repeat).ThenBy(r => r.Round).ThenBy(r => r.Rank)
                .Select(Line).ToArray(),
            roundRows);
    }

    /// <summary>Only the rows of cells matching <paramref name="keep"/> (model, method, repeat).</summary>
    public SweepResults Where(Func<string, string, int, bool> keep)
    {
        bool Keep(string line)
        {
            var f = line.Split('|');
            return keep(f[2], f[1], int.Parse(f[3], CultureInfo.InvariantCulture));
        }
        return new SweepResults(Rounds.Where(Keep).ToArray(), Labels.Where(Keep).ToArray(), RoundRows.Where(r => keep(r.Model, r.Method, r.Repeat)).ToList());
    }

    /// <summary>Asserts both tables equal <paramref name="expected"/>'s, row for row and value for value.</summary>
    public void AssertSameAs(SweepResults expected, string what)
    {
        Assert.True(expected.Rounds.Length == Rounds.Length,
            $"{what}: rounds.parquet has {Rounds.Length} rows, the reference {expected.Rounds.Length}");
        for (int i = 0; i < Rounds.Length; i++)
            Assert.True(expected.Rounds[i] == Rounds[i], $"{what}: rounds.parquet row {i} differs\n  reference: {expected.Rounds[i]}\n  this run:  {Rounds[i]}");
        Assert.True(expected.Labels.Length == Labels.Length,
            $"{what}: labels.parquet has {Labels.Length} rows, the reference {expected.Labels.Length}");
        for (int i = 0; i < Labels.Length; i++)
            Assert.True(expected.Labels[i] == Labels[i], $"{what}: labels.parquet row {i} differs\n  reference: {expected.Labels[i]}\n  this run:  {Labels[i]}");
    }

    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Line(RoundRow r) => string.Join('|', r.Dataset, r.Method, r.Model,
        r.Repeat.ToString(CultureInfo.InvariantCulture), r.Round.ToString(CultureInfo.InvariantCulture),
        D(r.ConsensusAccuracy), D(r.ModelAccuracy), D(r.DistributionEntropy),
        r.NumNewExamples.ToString(CultureInfo.InvariantCulture), r.LabelsCollected.ToString(CultureInfo.InvariantCulture));

    private static string Line(LabelRow r) => string.Join('|', r.Dataset, r.Method, r.Model,
        r.Repeat.ToString(CultureInfo.InvariantCulture), r.Round.ToString(CultureInfo.InvariantCulture),
        r.Rank.ToString(CultureInfo.InvariantCulture), r.ExampleId.ToString(CultureInfo.InvariantCulture), r.Selection,
        r.Label.ToString(CultureInfo.InvariantCulture));
}
