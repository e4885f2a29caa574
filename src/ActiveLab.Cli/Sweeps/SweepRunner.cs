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
            try
            {
                _ = datasets.Get(d, config.DatasetSeed);
            }
            catch (Exception e) when (e is DataFormatException or UnknownBenchmarkException or FileNotFoundException or DirectoryNotFoundException or InvalidOperationException)
            {
                throw new CliInputException($"dataset {d}: {e.Message}");
            }
        }
    }

    /// <summary>Waits for the sweep's outcome; Ctrl-C stops waiting (progress is already persisted).</summary>
    public static async Task<object?> WaitAsync(Task<object> outcome, CancellationToken cancellationToken)
    {
        using var interrupted = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; interrupted.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, interrupted.Token);
            return await outcome.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Prints the outcome and returns the exit code.</summary>
    public static int Report(CliIo io, object? outcome, string sweepDir)
    {
        switch (outcome)
        {
            case SweepRefused r:
                throw new CliInputException(r.Reason);
            case SweepCompleted c:
                SweepConsole.WriteTable(io.Out, c.Status);
                if (c.CompactionError is not null)
                {
                    io.WriteError("writing rounds.parquet / labels.parquet failed: " + c.CompactionError);
                    return ExitCodes.Failure;
                }
                io.Out.WriteLine($"sweep {c.Status.Sweep} finished: {c.Status.CellsDone} cells done, {c.Status.CellsFailed} failed");
                io.Out.WriteLine($"figures and tables: activelab report --results {sweepDir}");
                return c.Status.CellsFailed > 0 ? ExitCodes.CompletedWithFailures : ExitCodes.Ok;
            default:
                io.Out.WriteLine("interrupted: progress is saved; run the same command again to resume");
                return ExitCodes.Interrupted;
        }
    }
}
