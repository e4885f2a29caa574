using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>
/// Checks on a finished sweep's Parquet files alone (no journal): every cell's rounds are plausible, and labels.parquet
/// agrees with rounds.parquet (selection, rank, new examples, labels collected).
/// </summary>
internal static class SweepResultChecks
{
    /// <summary>Each cell has rounds 0..R−1 once, with accuracies and entropy in range and labels growing by the batch size.</summary>
    public static void RoundsArePlausible(SweepConfig config, IReadOnlyList<RoundRow> rounds)
    {
        var cells = SweepGrid.Expand(config).ToArray();
        Assert.Equal(cells.Length, rounds.Select(r => (r.Dataset, r.Method, r.Model, r.Repeat)).Distinct().Count());
        foreach (var cell in rounds.GroupBy(r => (r.Dataset, r.Method, r.Model, r.Repeat)))
        {
            var ordered = cell.OrderBy(r => r.Round).ToList();
            int batch = config.BatchSizeFor(cell.Key.Dataset);
            Assert.Equal(Enumerable.Range(0, config.RoundsFor(cell.Key.Dataset)), ordered.Select(r => r.Round));
            foreach (var r in ordered)
            {
                string where = $"{cell.Key} round {r.Round}";
                Assert.True(r.ModelAccuracy is >= 0 and <= 1, $"{where}: model accuracy {r.ModelAccuracy}");
                Assert.True(r.ConsensusAccuracy is >= 0 and <= 1, $"{where}: consensus accuracy {r.ConsensusAccuracy}");
                Assert.True(double.IsFinite(r.DistributionEntropy) && r.DistributionEntropy >= 0, $"{where}: entropy {r.DistributionEntropy}");
                Assert.InRange(r.NumNewExamples, 0, batch);
                Assert.True(r.TrainSeconds > 0, $"{where}: train seconds {r.TrainSeconds}");
                Assert.False(string.IsNullOrEmpty(r.Node), $"{where}: no node");
            }
            for (int t = 1; t < ordered.Count; t++)
                Assert.Equal(ordered[t - 1].LabelsCollected + batch, ordered[t].LabelsCollected);
        }
    }

    /// <summary>
    /// labels.parquet against rounds.parquet, per cell and round: ranks 0..B−1, example ids unique, the re-labeled
    /// examples first ("relabel") then the new ones ("new"), as many "new" rows as num_new_examples; "new" examples were
    /// unlabeled before (initial unlabeled ids, never selected as new earlier), "relabel" examples were labeled (initial
    /// labeled ids or selected as new in an earlier round); methods that never re-label have no "relabel" row.
    /// </summary>
    public static void LabelsAgreeWithRounds(SweepConfig config, IReadOnlyList<RoundRow> rounds, IReadOnlyList<LabelRow> labels)
    {
        var registry = new DatasetRegistry(config.DataDir);
        var roundsByKey = rounds.ToDictionary(r => (r.Dataset, r.Method, r.Model, r.Repeat, r.Round));
        Assert.Equal(roundsByKey.Count, rounds.Count);
        var labelsByCell = labels.GroupBy(l => (l.Dataset, l.Method, l.Model, l.Repeat)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(rounds.Select(r => (r.Dataset, r.Method, r.Model, r.Repeat)).Distinct().Order(), labelsByCell.Keys.Order());

        foreach (var ((dataset, method, model, repeat), cellLabels) in labelsByCell)
        {
            int initialLabeled = registry.Get(dataset, config.DatasetSeed).Data.Labeled.Count;
            bool relabels = MethodCatalog.Resolve(dataset, method).Relabel;
            int batch = config.BatchSizeFor(dataset);
            var labeledSoFar = new HashSet<int>(Enumerable.Range(0, initialLabeled));
            foreach (var round in cellLabels.GroupBy(l => l.Round).OrderBy(g => g.Key))
            {
                string where = $"{dataset}/{method}/{model}/{repeat} round {round.Key}";
                Assert.True(roundsByKey.TryGetValue((dataset, method, model, repeat, round.Key), out var roundRow), $"{where}: labels without a round row");
                var rows = round.OrderBy(l => l.Rank).ToList();
                Assert.Equal(Enumerable.Range(0, batch), rows.Select(l => l.Rank));
                Assert.Equal(rows.Count, rows.Select(l => l.ExampleId).Distinct().Count());
                Assert.All(rows, l => Assert.True(l.Selection is "relabel" or "new", $"{where}: selection '{l.Selection}'"));
                int relabeled = rows.TakeWhile(l => l.Selection == "relabel").Count();
                Assert.True(rows.Skip(relabeled).All(l => l.Selection == "new"), $"{where}: a \"relabel\" row after a \"new\" row");
                Assert.Equal(roundRow!.NumNewExamples, rows.Count - relabeled);
                if (!relabels) Assert.Equal(0, relabeled);
                foreach (var l in rows.Take(relabeled))
                    Assert.True(labeledSoFar.Contains(l.ExampleId), $"{where}: example {l.ExampleId} re-labeled but never labeled before");
                foreach (var l in rows.Skip(relabeled))
                {
                    Assert.True(l.ExampleId >= initialLabeled, $"{where}: example {l.ExampleId} selected as new but initially labeled");
                    Assert.True(labeledSoFar.Add(l.ExampleId), $"{where}: example {l.ExampleId} selected as new twice");
                }
            }
            // Every round of the cell has its labels.
            Assert.Equal(rounds.Count(r => (r.Dataset, r.Method, r.Model, r.Repeat) == (dataset, method, model, repeat)),
                cellLabels.Select(l => l.Round).Distinct().Count());
        }
    }

    /// <summary>Both checks on the sweep's files.</summary>
    public static void Check(SweepConfig config)
    {
        var rounds = ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet"));
        RoundsArePlausible(config, rounds);
        LabelsAgreeWithRounds(config, rounds, SweepHarness.Labels(config));
    }
}
