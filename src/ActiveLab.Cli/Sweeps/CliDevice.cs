using ActiveLab.Models.Torch;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Checks a node's <c>--device</c> when the node starts, so a missing GPU stops the node with one line rather
/// than failing every torch job that reaches it.</summary>
internal static class CliDevice
{
    /// <summary>Help text of --max-batch (run, seed, worker).</summary>
    public const string MaxBatchHelp = "Jobs of one model a slot trains together as one stacked fit (mlp-torch); default 64 on a CUDA device " +
                                       "(--device cuda or cuda:N), else 1. The node asks for slots × max-batch jobs. 1 to 1024.";

    /// <summary>--max-batch when not given: batch on CUDA devices, where one small network is launch-bound.</summary>
    public static int DefaultMaxBatch(string device) =>
        TorchDevice.Parse(device).Kind == TorchDeviceKind.Cuda ? 64 : 1;

    /// <summary>The --max-batch range check (null when valid).</summary>
    public static string? MaxBatchProblem(int? maxBatch) =>
        maxBatch is < 1 or > 1024 ? $"--max-batch must be between 1 and 1024, got {maxBatch}" : null;

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
