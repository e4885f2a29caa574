using ActiveLab.Cluster.Actors;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Tests;

/// <summary>Runs real sweeps in-process: real Akka cluster over TCP on 127.0.0.1, real SQLite journal, real Parquet files.</summary>
internal static class SweepHarness
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static SweepConfig Config(string resultsDir, string name = "t", string methods = "[random, crowdlab]",
        string models = "[et]", int repeats = 1, int rounds = 3, int batch = 30, string trainer = "real",
        string datasets = "[wall-robot]", string? ensembleMembers = null) =>
        SweepConfig.Parse($$"""
            activelab.sweep {
              name = {{name}}
              seed = 7
              datasets = {{datasets}}
              {{(ensembleMembers is null ? "" : $"ensemble-members = {ensembleMembers}")}}
              methods = {{methods}}
              models = {{models}}
              repeats = {{repeats}}
              rounds = {{rounds}}
              batch-size = {{batch}}
              trainer = {{trainer}}
            }
            activelab.cluster { lease-timeout = 20s, max-attempts = 2, heartbeat-interval = 1s }
            """, "test.conf", TestPaths.Data, resultsDir);

    /// <summary>One node with both roles (what <c>activelab run</c> does); returns the final outcome.</summary>
    public static async Task<object> RunSingleNode(SweepConfig config, int slots = 2, ITrainingModels? models = null,
        Func<SweepStatus, bool>? stopWhen = null, bool addNewCells = false, bool retryFailed = false, DatasetRegistry? datasets = null,
        int maxBatch = 1)
    {
        await using var node = SweepNode.Start(new NodeOptions("127.0.0.1", 0, [], [NodeOptions.CoordinatorRole, NodeOptions.TrainerRole]), config);
        datasets ??= new DatasetRegistry(config.DataDir);
        var stop = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var (listener, outcome) = node.Listen(s => { if (stopWhen?.Invoke(s) == true) stop.TrySetResult("stopped"); });
        node.StartCoordinator(config, datasets, listener, new SweepCoordinator.Options(addNewCells, retryFailed));
        node.StartTrainer(node.CoordinatorProxy(), new TrainingJobExecutor(datasets, models ?? new DefaultTrainingModels(), node.Address),
            slots, config.HeartbeatInterval, new TrainerBatching(maxBatch, config.FillWait));
        // A node that gives up (journal, results folder) ends the wait too: its NodeStop is the outcome.
        var first = await Task.WhenAny(outcome, stop.Task, node.Watch.Health.Stopped.ContinueWith(t => (object)t.Result)).WaitAsync(Timeout);
        return await first;
    }

    /// <summary>The deterministic columns of rounds.parquet (train_seconds and node are measurements).</summary>
    public static List<string> DeterministicRounds(SweepConfig config) =>
        ParquetTables.ReadRounds(Path.Combine(config.SweepDir, "rounds.parquet"))
            .Select(r => $"{r.Dataset}|{r.Method}|{r.Model}|{r.Repeat}|{r.Round}|{r.ConsensusAccuracy:R}|{r.ModelAccuracy:R}|{r.DistributionEntropy:R}|{r.NumNewExamples}|{r.LabelsCollected}")
            .ToList();

    public static List<LabelRow> Labels(SweepConfig config) => ParquetTables.ReadLabels(Path.Combine(config.SweepDir, "labels.parquet")).ToList();
}
