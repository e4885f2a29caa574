using TorchSharp;
using static TorchSharp.torch;

namespace ActiveLab.Models.Torch.Tests;

public class TorchLoadTests
{
    [Fact]
    public void A_tensor_operation_runs_on_the_cpu()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = tensor(new double[] { 1, 2, 3, 4 }, [2, 2], ScalarType.Float64);
        var product = a.matmul(a);
        Assert.Equal(new double[] { 7, 10, 15, 22 }, product.data<double>().ToArray());
    }

    [Fact]
    public void Libtorch_is_loaded_from_the_folder_of_TorchSharp_dll()
    {
        TorchRuntime.EnsureLoaded();
        string here = TorchRuntime.TorchSharpDirectory;
        var loaded = TorchRuntime.LoadedNativeLibraries();
        Assert.Contains(Path.Combine(here, "libtorch_cpu.so"), loaded);
        Assert.Contains(Path.Combine(here, "libLibTorchSharp.so"), loaded);
        // TorchSharp's fallback would have copied libtorch from the NuGet cache into bin/cpu.
        Assert.False(Directory.Exists(Path.Combine(here, "cpu")));
    }

    [Fact]
    public void Only_needed_linux_x64_natives_are_in_the_output()
    {
        string here = TorchRuntime.TorchSharpDirectory;
        Assert.True(File.Exists(Path.Combine(here, "libtorch_cpu.so")));
        Assert.False(File.Exists(Path.Combine(here, "libtorch_python.so")));
        Assert.False(Directory.Exists(Path.Combine(here, "runtimes")));
    }

    [Fact]
    public void Threads_setting_is_applied()
    {
        TorchRuntime.SetThreads(1);
        Assert.Equal(1, TorchRuntime.Threads);
        Assert.Contains("threads 1", TorchRuntime.Describe());
    }

    [Fact]
    public void Cuda_is_reported_consistently()
    {
        bool available = TorchRuntime.CudaAvailable;
        Assert.Equal(available, TorchRuntime.CudaDeviceCount > 0);
    }
}
