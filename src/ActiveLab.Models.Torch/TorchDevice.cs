using System.Globalization;
using TorchSharp;

namespace ActiveLab.Models.Torch;

/// <summary>What kind of device a <see cref="TorchDeviceRequest"/> asks for.</summary>
public enum TorchDeviceKind
{
    /// <summary>CUDA device 0 when torch.cuda.is_available(), else the CPU.</summary>
    Auto,

    /// <summary>The CPU.</summary>
    Cpu,

    /// <summary>A CUDA device; an error when CUDA is unavailable.</summary>
    Cuda,
}

/// <summary>A parsed device setting: "auto", "cpu", "cuda" (= "cuda:0") or "cuda:N".</summary>
/// <param name="Kind">Auto, CPU or CUDA.</param>
/// <param name="Index">The CUDA device index (0 unless Kind is Cuda).</param>
public readonly record struct TorchDeviceRequest(TorchDeviceKind Kind, int Index = 0)
{
    /// <summary>"auto".</summary>
    public static TorchDeviceRequest Auto => new(TorchDeviceKind.Auto);

    /// <summary>"cpu".</summary>
    public static TorchDeviceRequest Cpu => new(TorchDeviceKind.Cpu);

    /// <summary>The setting as text ("auto", "cpu" or "cuda:N"); <see cref="TorchDevice.Parse"/> reads it back.</summary>
    public override string ToString() => Kind switch
    {
        TorchDeviceKind.Cpu => "cpu",
        TorchDeviceKind.Cuda => $"cuda:{Index}",
        _ => "auto",
    };
}

/// <summary>
/// Chooses the torch device: parse a setting (<see cref="Parse"/>), then resolve it against what the loaded libtorch
/// offers (<see cref="Resolve(TorchDeviceRequest)"/>). "auto" takes cuda:0 when <c>torch.cuda.is_available()</c>,
/// otherwise the CPU; an explicit CUDA request on a machine without usable CUDA is an error, never a silent CPU run.
/// </summary>
public static class TorchDevice
{
    /// <summary>
    /// Parses "auto", "cpu", "cuda" or "cuda:N" (case-insensitive, surrounding blanks ignored; null or empty means
    /// "auto"). Throws <see cref="ArgumentException"/> naming the value otherwise.
    /// </summary>
    public static TorchDeviceRequest Parse(string? text)
    {
        string value = (text ?? "").Trim().ToLowerInvariant();
        switch (value)
        {
            case "" or "auto": return TorchDeviceRequest.Auto;
            case "cpu": return TorchDeviceRequest.Cpu;
            case "cuda": return new TorchDeviceRequest(TorchDeviceKind.Cuda, 0);
        }
        if (value.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            return new TorchDeviceRequest(TorchDeviceKind.Cuda, index);
        throw new ArgumentException($"unknown torch device '{text}'; expected auto, cpu, cuda or cuda:N", nameof(text));
    }

    /// <summary>
    /// The torch device name ("cpu" or "cuda:N") for <paramref name="request"/> given what the machine offers.
    /// Throws <see cref="TorchDeviceUnavailableException"/> when CUDA is requested but unavailable, or the index is
    /// not below <paramref name="cudaDeviceCount"/>.
    /// </summary>
    public static string ResolveName(TorchDeviceRequest request, bool cudaAvailable, int cudaDeviceCount)
    {
        switch (request.Kind)
        {
            case TorchDeviceKind.Cpu:
                return "cpu";
            case TorchDeviceKind.Auto:
                return cudaAvailable && cudaDeviceCount > 0 ? "cuda:0" : "cpu";
        }
        if (!cudaAvailable)
            throw new TorchDeviceUnavailableException(
                $"torch device '{request}' was requested but CUDA is not available (torch.cuda.is_available() is false): " +
                "the loaded libtorch is a CPU build (libtorch-cpu-linux-x64), or no GPU/driver is visible. Use device " +
                "'cpu' or 'auto', or run against a CUDA libtorch (build with -p:TorchBackend=cuda, or -p:TorchBackend=none " +
                "with LD_LIBRARY_PATH=<PyTorch's torch/lib>; see src/ActiveLab.Models.Torch/README.md).");
        if (request.Index < 0 || request.Index >= cudaDeviceCount)
            throw new TorchDeviceUnavailableException(
                $"torch device '{request}' was requested but only {cudaDeviceCount} CUDA device(s) are visible " +
                $"(valid: cuda:0..cuda:{cudaDeviceCount - 1}; check CUDA_VISIBLE_DEVICES).");
        return $"cuda:{request.Index}";
    }

    /// <summary>Resolves <paramref name="request"/> on this machine (loads libtorch and asks it about CUDA).</summary>
    public static torch.Device Resolve(TorchDeviceRequest request)
    {
        TorchRuntime.EnsureLoaded();
        bool cuda = request.Kind != TorchDeviceKind.Cpu && torch.cuda.is_available();
        int count = cuda ? torch.cuda.device_count() : 0;
        return torch.device(ResolveName(request, cuda, count));
    }

    /// <summary>Parses and resolves a device setting (see <see cref="Parse"/>).</summary>
    public static torch.Device Resolve(string? text) => Resolve(Parse(text));
}

/// <summary>A CUDA device was requested that this machine / this libtorch cannot provide.</summary>
public sealed class TorchDeviceUnavailableException(string message) : InvalidOperationException(message);
