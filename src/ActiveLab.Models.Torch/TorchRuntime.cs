using System.Runtime.InteropServices;
using TorchSharp;

namespace ActiveLab.Models.Torch;

/// <summary>
/// Loads libtorch and TorchSharp's native glue once per process, with errors that say what to do (TorchSharp's own
/// message on a failed load blames a missing libtorch-cpu-linux-x64 package whatever the cause, and it then tries to
/// copy ~500 MB of libtorch from the NuGet cache into bin/cpu — this class fails before that can happen).
/// <para>
/// Where libtorch comes from: the first of (1) the folder of TorchSharp.dll — where build/TorchSharp.targets puts
/// libtorch-cpu-linux-x64 (or the CUDA package); (2) the program's other native folders; (3) the dynamic loader's
/// search: LD_LIBRARY_PATH, then the system. To use an existing libtorch (e.g. a PyTorch wheel's torch/lib, which
/// brings CUDA), build with <c>-p:TorchBackend=none</c> and start the process with
/// <c>LD_LIBRARY_PATH=&lt;that folder&gt;</c> (ld.so reads it at process start; setting it later has no effect).
/// Two libtorch builds in one process (one next to TorchSharp.dll and another on LD_LIBRARY_PATH) would mix their
/// libraries, so that combination is refused.
/// </para>
/// </summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>The folder TorchSharp.dll was loaded from.</summary>
    public static string TorchSharpDirectory =>
        Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? AppContext.BaseDirectory;

    /// <summary>
    /// Loads libtorch_cpu, then libLibTorchSharp, then lets TorchSharp register the CPU backend. Idempotent and
    /// thread-safe. Throws <see cref="TorchLoadException"/> with the loader's own messages and a remedy on failure.
    /// </summary>
    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref _loaded)) return;
        lock (Gate)
        {
            if (_loaded) return;
            var assembly = typeof(torch).Assembly;
            string here = TorchSharpDirectory;
            bool local = File.Exists(Path.Combine(here, "libtorch_cpu.so"));
            string? external = LibTorchFolderOnLdLibraryPath();
            if (local && external != null && !SameFolder(external, here))
                throw new TorchLoadException(
                    $"Two libtorch builds are visible: one next to TorchSharp.dll ({here}) and one on LD_LIBRARY_PATH " +
                    $"({external}). They would mix in one process. Either unset LD_LIBRARY_PATH, or build/publish with " +
                    "-p:TorchBackend=none so that only the external libtorch is used.");

            try
            {
                NativeLibrary.Load("torch_cpu", assembly, null);
            }
            catch (DllNotFoundException e)
            {
                throw new TorchLoadException(
                    $"libtorch (libtorch_cpu.so) could not be loaded: not next to TorchSharp.dll ({here}) and not found " +
                    $"through LD_LIBRARY_PATH ('{Environment.GetEnvironmentVariable("LD_LIBRARY_PATH")}'). A program or test " +
                    "project that runs TorchSharp must import build/TorchSharp.targets (which brings libtorch-cpu-linux-x64), " +
                    "or be started with LD_LIBRARY_PATH pointing at a libtorch folder such as a PyTorch wheel's torch/lib. " +
                    $"Loader said: {e.Message}", e);
            }

            try
            {
                NativeLibrary.Load("LibTorchSharp", assembly, null);
            }
            catch (DllNotFoundException e)
            {
                string hint = e.Message.Contains("GLIBCXX_3.4.32", StringComparison.Ordinal)
                    ? " The system libstdc++ lacks GLIBCXX_3.4.32 (Debian 12): this copy of libLibTorchSharp.so was not " +
                      "patched. Build the program with build/TorchSharp.targets imported (TorchSharpPatchGlibcxx=auto or always)."
                    : "";
                throw new TorchLoadException($"libLibTorchSharp.so (TorchSharp's native glue) could not be loaded.{hint} " +
                    $"Loader said: {e.Message}", e);
            }

            // TorchSharp's own initialisation now finds both libraries on its first (regular) attempt.
            torch.InitializeDeviceType(DeviceType.CPU);
            Volatile.Write(ref _loaded, true);
        }
    }

    /// <summary>True when the loaded libtorch has CUDA support and sees a GPU (loads libtorch first).</summary>
    public static bool CudaAvailable
    {
        get
        {
            EnsureLoaded();
            return torch.cuda.is_available();
        }
    }

    /// <summary>Number of visible CUDA devices (0 without CUDA).</summary>
    public static int CudaDeviceCount => CudaAvailable ? torch.cuda.device_count() : 0;

    /// <summary>
    /// Sets libtorch's intra-op thread count (<c>torch.set_num_threads</c>). libtorch keeps one such setting per
    /// process (its OpenMP pool), so every trainer slot of a process should use the same value: with S slots on
    /// C cores use about C / S. <c>OMP_NUM_THREADS</c>, read when libtorch starts, gives the initial value; CI sets it
    /// to 1 because test assemblies run in parallel, and oversubscribed torch threads are 30–100× slower on 2 cores.
    /// Values ≤ 0 leave the current setting.
    /// </summary>
    public static void SetThreads(int threads)
    {
        if (threads <= 0) return;
        EnsureLoaded();
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>Current intra-op thread count.</summary>
    public static int Threads
    {
        get
        {
            EnsureLoaded();
            return torch.get_num_threads();
        }
    }

    /// <summary>
    /// Paths of the libtorch / CUDA / TorchSharp native libraries mapped into this process (from /proc/self/maps;
    /// empty where that file does not exist). Shows which libtorch a run really used.
    /// </summary>
    public static IReadOnlyList<string> LoadedNativeLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        string[] interesting = ["libtorch", "libc10", "LibTorchSharp", "libcudart", "libcublas", "libcudnn", "libgomp"];
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(maps))
        {
            int slash = line.IndexOf('/');
            if (slash < 0) continue;
            string path = line[slash..];
            string name = Path.GetFileName(path);
            if (interesting.Any(i => name.Contains(i, StringComparison.Ordinal))) result.Add(path);
        }
        return [.. result];
    }

    /// <summary>One-line summary: TorchSharp's compiled-in libtorch version, threads, CUDA, libtorch folder.</summary>
    public static string Describe()
    {
        EnsureLoaded();
        string libtorch = LoadedNativeLibraries().FirstOrDefault(p => Path.GetFileName(p) == "libtorch_cpu.so") ?? "?";
        return $"TorchSharp for libtorch {torch.__version__}; libtorch_cpu.so from {Path.GetDirectoryName(libtorch)}; " +
               $"threads {torch.get_num_threads()}; CUDA {(torch.cuda.is_available() ? $"available, {torch.cuda.device_count()} device(s)" : "not available")}";
    }

    /// <summary>The first LD_LIBRARY_PATH folder holding libtorch_cpu.so, or null.</summary>
    internal static string? LibTorchFolderOnLdLibraryPath()
    {
        string? value = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        if (string.IsNullOrEmpty(value)) return null;
        foreach (string folder in value.Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(folder, "libtorch_cpu.so"))) return folder;
        return null;
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}

/// <summary>libtorch or TorchSharp's native library could not be loaded; the message says why and what to do.</summary>
public sealed class TorchLoadException : InvalidOperationException
{
    public TorchLoadException(string message) : base(message) { }

    public TorchLoadException(string message, Exception inner) : base(message, inner) { }
}
