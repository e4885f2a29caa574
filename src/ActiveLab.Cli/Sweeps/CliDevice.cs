using ActiveLab.Cluster.Training;
using ActiveLab.Models.Torch;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Checks a node's <c>--device</c> when the node starts, so a missing GPU stops the node with one line rather
/// than failing every torch job that reaches it.</summary>
internal static class CliDevice
{
    /// <summary>Help text of --max-batch (run, seed, worker).</summary>
    public const string MaxBatchHelp = "Jobs of one model a slot trains together as one stacked fit (mlp-torch, resnet18-head); replaces " +
                                       "activelab.trainer.max-batch; default 64 on a CUDA device (--device cuda or cuda:N), else 1. The node asks " +
                                       "for slots × max-batch jobs. 1 to 1024.";

    /// <summary>--max-batch when not given: batch on CUDA devices, where one small network is launch-bound.</summary>
    public static int DefaultMaxBatch(string device) =>
        TorchDevice.Parse(device).Kind == TorchDeviceKind.Cuda ? 64 : 1;

    /// <summary>The --max-batch range check (null when valid).</summary>
    public static string? MaxBatchProblem(int? maxBatch) =>
        maxBatch is < 1 or > TrainerBatching.Limit ? $"--max-batch must be between 1 and {TrainerBatching.Limit}, got {maxBatch}" : null;

    /// <summary>A node's batching: <c>--max-batch</c>, else <c>activelab.trainer.max-batch</c> (config file or
    /// <c>ACTIVELAB__TRAINER__MAX_BATCH</c>), else the device's default; the fill wait from the config.</summary>
    public static TrainerBatching Batching(int? flag, int? configured, TimeSpan fillWait, string device) =>
        new(flag ?? configured ?? DefaultMaxBatch(device), fillWait);

    public static void Validate(string device)
    {
        TorchDeviceRequest request;
        try
        {
            request = TorchDevice.Parse(device);
        }
        catch (ArgumentException)
        {
            throw new CliInputException($"--device '{device}' is not a device: use auto, cpu, cuda or cuda:N");
        }
        if (request.Kind != TorchDeviceKind.Cuda) return;
        try
        {
            _ = TorchDevice.Resolve(request);
        }
        catch (TorchDeviceUnavailableException e)
        {
            throw new CliInputException("--device " + device + ": " + e.Message);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or NotSupportedException)
        {
            throw new CliInputException($"--device {device}: libtorch could not be loaded ({e.Message})");
        }
    }
}
