using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Data;

namespace ActiveLab.Cli.Sweeps;

/// <summary>What <c>run</c> and <c>seed</c> share: fail-fast dataset loading, waiting, and the final report.</summary>
internal static class SweepRunner
{
    /// <summary>Loads every dataset of the sweep now, so a missing or corrupt data file is reported before anything starts.</summary>
    public static void Preload(SweepConfig config, DatasetRegistry datasets)
    {
        foreach (var d in config.Datasets)
        {
            LoadedDataset data;
            try
            {
                data = datasets.Get(d, config.DatasetSeed);
            }
            catch (Exception e) when (e is DataFormatException or UnknownBenchmarkException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
            {
                throw new CliInputException($"dataset {d}: {e.Message}");
            }
            int examples = data.TrueLabelsById.Length;
            if (config.BatchSizeFor(d) > examples)
                throw new CliInputException(
                    $"activelab.sweep.batch-size {config.BatchSizeFor(d)} is larger than dataset {d}'s pool of {examples} examples");
        }
    }

    /// <summary>Starts a node, mapping a taken port, a held sweep lock or an unreadable journal to one input-error line.</summary>
    public static SweepNode StartNode(NodeOptions options, SweepConfig? config)
    {
        try
        {
            return SweepNode.Start(options, config);
        }
        catch (Exception e) when (e is SweepLockedException or NodeStartException)
        {
            throw new CliInputException(e.Message);
        }
    }

    /// <summary>
    /// Waits for the sweep's outcome, for the node to report that it cannot go on (<see cref="NodeStop"/>), or for a
    /// signal (null: interrupted; progress is already persisted).
    /// </summary>
    public static async Task<object?> WaitAsync(Task<object> outcome, SweepNode node, ShutdownSignals signals)
    {
        var interrupted = Task.Delay(Timeout.Infinite, signals.Token);
        var first = await Task.WhenAny(outcome, node.Watch.Health.Stopped, interrupted);
        if (signals.Token.IsCancellationRequested) return null;
        if (first == outcome) return await outcome;
        if (first == node.Watch.Health.Stopped) return await node.Watch.Health.Stopped;
        return null;
    }

    /// <summary>Prints the outcome and returns the exit code.</summary>
    public static int Report(CliIo io, object? outcome, string sweepDir, ShutdownSignals signals)
    {
        switch (outcome)
        {
            case SweepRefused r:
                throw new CliInputException(r.Reason);
            case NodeStop stop:
                return ReportStop(io, stop);
            case SweepCompleted c:
                SweepConsole.WriteTable(io.Out, c.Status);
                if (c.CompactionError is not null)
                {
                    io.WriteError("writing rounds.parquet / labels.parquet failed: " + c.CompactionError);
                    return ExitCodes.Failure;
                }
                io.Out.WriteLine($"sweep {c.Status.Sweep} finished: {c.Status.CellsDone} cells done, {c.Status.CellsFailed} failed; {c.Status.CompletedJobs} training jobs");
                io.Out.WriteLine($"figures and tables: activelab report --results {sweepDir}");
                return c.Status.CellsFailed > 0 ? ExitCodes.CompletedWithFailures : ExitCodes.Ok;
            default:
                io.Out.WriteLine($"interrupted ({signals.Signal ?? "signal"}): progress is saved; run the same command again to resume");
                return ExitCodes.Interrupted;
        }
    }

    /// <summary>One error line for a node that gave up, and its exit code.</summary>
    public static int ReportStop(CliIo io, NodeStop stop)
    {
        io.WriteError(stop.Reason + (stop.Kind == NodeStopKind.BadSetup ? "" : "; progress is saved, rerun the same command to resume"));
        return stop.Kind == NodeStopKind.BadSetup ? ExitCodes.BadInput : ExitCodes.Unavailable;
    }
}
