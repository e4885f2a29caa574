using System.Reflection;
using TorchSharp;

namespace ActiveLab.Models.Torch.Tests;

/// <summary>Files the tests look at: the NuGet cache's libLibTorchSharp.so and the copy next to TorchSharp.dll.</summary>
internal static class TestPaths
{
    /// <summary>The unpatched original in the NuGet cache (embedded at build time by the test project).</summary>
    public static string OriginalLibTorchSharp =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LibTorchSharpOriginal").Value
        ?? throw new InvalidOperationException("LibTorchSharpOriginal metadata is missing");

    /// <summary>The output copy (patched by the build when the system libstdc++ needs it).</summary>
    public static string OutputLibTorchSharp =>
        Path.Combine(Path.GetDirectoryName(typeof(torch).Assembly.Location)!, "libLibTorchSharp.so");
}
