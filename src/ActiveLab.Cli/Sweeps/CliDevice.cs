using ActiveLab.Models.Torch;

namespace ActiveLab.Cli.Sweeps;

/// <summary>Checks a node's <c>--device</c> when the node starts, so a missing GPU stops the node with one line rather
/// than failing every torch job that reaches it.</summary>
internal static class CliDevice
{
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
