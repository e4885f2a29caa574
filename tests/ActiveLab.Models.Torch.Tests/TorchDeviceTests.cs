namespace ActiveLab.Models.Torch.Tests;

public class TorchDeviceTests
{
    [Theory]
    [InlineData(null, TorchDeviceKind.Auto, 0)]
    [InlineData("", TorchDeviceKind.Auto, 0)]
    [InlineData("auto", TorchDeviceKind.Auto, 0)]
    [InlineData(" AUTO ", TorchDeviceKind.Auto, 0)]
    [InlineData("cpu", TorchDeviceKind.Cpu, 0)]
    [InlineData("CPU", TorchDeviceKind.Cpu, 0)]
    [InlineData("cuda", TorchDeviceKind.Cuda, 0)]
    [InlineData("cuda:0", TorchDeviceKind.Cuda, 0)]
    [InlineData("cuda:3", TorchDeviceKind.Cuda, 3)]
    [InlineData("Cuda:12", TorchDeviceKind.Cuda, 12)]
    public void Parses_device_settings(string? text, TorchDeviceKind kind, int index)
    {
        Assert.Equal(new TorchDeviceRequest(kind, index), TorchDevice.Parse(text));
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("cuda:1:2")]
    [InlineData("mps")]
    public void Rejects_unknown_settings_naming_the_value(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => TorchDevice.Parse(text));
        Assert.Contains($"'{text}'", e.Message);
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("cpu")]
    [InlineData("cuda:2")]
    public void Round_trips_through_text(string text)
    {
        Assert.Equal(text, TorchDevice.Parse(text).ToString());
    }

    [Fact]
    public void Auto_prefers_cuda_when_available()
    {
        Assert.Equal("cuda:0", TorchDevice.ResolveName(TorchDeviceRequest.Auto, cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Equal("cpu", TorchDevice.ResolveName(TorchDeviceRequest.Auto, cudaAvailable: false, cudaDeviceCount: 0));
        Assert.Equal("cpu", TorchDevice.ResolveName(TorchDeviceRequest.Cpu, cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Equal("cuda:1", TorchDevice.ResolveName(TorchDevice.Parse("cuda:1"), cudaAvailable: true, cudaDeviceCount: 2));
    }

    [Fact]
    public void Cuda_without_cuda_is_a_clear_error()
    {
        var e = Assert.Throws<TorchDeviceUnavailableException>(
            () => TorchDevice.ResolveName(TorchDevice.Parse("cuda"), cudaAvailable: false, cudaDeviceCount: 0));
        Assert.Contains("'cuda:0' was requested but CUDA is not available", e.Message);
        Assert.Contains("TorchBackend", e.Message);
    }

    [Fact]
    public void A_cuda_index_past_the_visible_devices_is_a_clear_error()
    {
        var e = Assert.Throws<TorchDeviceUnavailableException>(
            () => TorchDevice.ResolveName(TorchDevice.Parse("cuda:2"), cudaAvailable: true, cudaDeviceCount: 2));
        Assert.Contains("only 2 CUDA device(s)", e.Message);
    }

    [Fact]
    public void Resolves_on_this_machine()
    {
        Assert.Equal("cpu", TorchDevice.Resolve("cpu").ToString());
        if (TorchRuntime.CudaAvailable)
        {
            Assert.Equal("cuda:0", TorchDevice.Resolve("auto").ToString());
        }
        else
        {
            Assert.Equal("cpu", TorchDevice.Resolve("auto").ToString());
            Assert.Throws<TorchDeviceUnavailableException>(() => TorchDevice.Resolve("cuda:0"));
        }
    }

    [Fact]
    public void Settings_validate_device_and_threads()
    {
        new TorchSettings { Device = "cuda:1", ThreadsPerSlot = 2 }.Validate();
        Assert.Throws<ArgumentException>(() => new TorchSettings { Device = "tpu" }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TorchSettings { ThreadsPerSlot = -1 }.Validate());
    }
}
