namespace ActiveLab.Models.Torch;

/// <summary>
/// Where and how torch models run: the device setting and the threads each trainer slot may use.
/// </summary>
public sealed record TorchSettings
{
    /// <summary>"auto" (default: cuda:0 when available, else CPU), "cpu", "cuda" or "cuda:N" (see <see cref="TorchDevice"/>).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// libtorch intra-op threads per trainer slot, applied with <c>torch.set_num_threads</c> before each fit and
    /// prediction (see <see cref="TorchRuntime.SetThreads"/>: the setting is per process, so give every slot of a
    /// process the same value, about cores / slots). Default 1: small networks gain nothing from more threads and
    /// oversubscribed cores make libtorch 30–100× slower. 0 leaves libtorch's setting (OMP_NUM_THREADS, else one
    /// thread per core).
    /// </summary>
    public int ThreadsPerSlot { get; init; } = 1;

    /// <summary>The parsed <see cref="Device"/>.</summary>
    public TorchDeviceRequest DeviceRequest => TorchDevice.Parse(Device);

    /// <summary>Throws when a value is out of range or the device setting does not parse.</summary>
    public void Validate()
    {
        _ = TorchDevice.Parse(Device);
        if (ThreadsPerSlot < 0)
            throw new ArgumentOutOfRangeException(nameof(ThreadsPerSlot), ThreadsPerSlot, "must be 0 (libtorch default) or positive");
    }
}
