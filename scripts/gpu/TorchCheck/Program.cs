// TorchCheck: does TorchSharp run on this machine's libtorch, on which device, and does the MLP train there?
//
//   TorchCheck [--device auto|cpu|cuda|cuda:N] [--require-cuda] [--rows N] [--features F] [--classes K]
//              [--epochs E] [--threads T] [--seed S]
//
// Prints the loaded native libraries, CUDA availability, then trains the sklearn-default MLP (float64) on synthetic
// blobs on the chosen device and, when that device is CUDA, once more on the CPU from the same generator state: the
// two loss curves must agree up to floating-point rounding. Exit codes: 0 ok, 1 check failed, 2 CUDA required but
// unavailable, 3 libtorch did not load.
using System.Diagnostics;
using System.Globalization;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Models;
using ActiveLab.Models.Torch;

var options = new Dictionary<string, string>(StringComparer.Ordinal);
bool requireCuda = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--require-cuda") requireCuda = true;
    else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length) options[args[i][2..]] = args[++i];
    else
    {
        Console.Error.WriteLine($"unknown argument '{args[i]}'");
        return 1;
    }
}
int Int(string name, int fallback) =>
    options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string device = options.GetValueOrDefault("device", "auto");
int rows = Int("rows", 4000), features = Int("features", 24), classes = Int("classes", 4);
int epochs = Int("epochs", 30), threads = Int("threads", 0);
ulong seed = (ulong)Int("seed", 42);

Console.WriteLine($"LD_LIBRARY_PATH={Environment.GetEnvironmentVariable("LD_LIBRARY_PATH")}");
Console.WriteLine($"OMP_NUM_THREADS={Environment.GetEnvironmentVariable("OMP_NUM_THREADS")}");
var clock = Stopwatch.StartNew();
try
{
    TorchRuntime.EnsureLoaded();
}
catch (TorchLoadException e)
{
    Console.Error.WriteLine($"FAIL: {e.Message}");
    return 3;
}
Console.WriteLine($"libtorch loaded in {clock.ElapsedMilliseconds} ms");
foreach (string library in TorchRuntime.LoadedNativeLibraries()) Console.WriteLine($"  loaded {library}");
TorchRuntime.SetThreads(threads);
bool cuda = TorchRuntime.CudaAvailable;
Console.WriteLine(TorchRuntime.Describe());
foreach (string library in TorchRuntime.LoadedNativeLibraries().Where(l => l.Contains("cuda", StringComparison.Ordinal)))
    Console.WriteLine($"  loaded {library}");
if (requireCuda && !cuda)
{
    Console.Error.WriteLine("FAIL: --require-cuda but torch.cuda.is_available() is false");
    return 2;
}

string resolved;
try
{
    resolved = TorchDevice.Resolve(device).ToString();
}
catch (TorchDeviceUnavailableException e)
{
    Console.Error.WriteLine($"FAIL: {e.Message}");
    return 2;
}
Console.WriteLine($"device setting '{device}' -> {resolved}");

var (x, y) = Blobs(rows, features, classes, seed);
var mlp = new MlpOptions { Precision = MlpPrecision.Float64, MaxEpochs = epochs };
var settings = new TorchSettings { Device = resolved, ThreadsPerSlot = threads };
var (model, seconds) = Train(mlp, settings, x, y, classes, seed);
Report(resolved, model, seconds, x, y, rows);

if (resolved.StartsWith("cuda", StringComparison.Ordinal))
{
    // The warm second run shows the per-step cost once kernels and cuBLAS handles exist.
    var (_, warm) = Train(mlp, settings, x, y, classes, seed);
    Console.WriteLine($"{resolved}: warm rerun {warm:F2} s");
    var (cpuModel, cpuSeconds) = Train(mlp, settings with { Device = "cpu" }, x, y, classes, seed);
    Report("cpu", cpuModel, cpuSeconds, x, y, rows);
    double worst = 0;
    for (int e = 0; e < Math.Min(model.Epochs, cpuModel.Epochs); e++)
        worst = Math.Max(worst, Math.Abs(model.LossCurve[e] - cpuModel.LossCurve[e]));
    Console.WriteLine($"max |loss_cuda - loss_cpu| over epochs = {worst:E2}");
    if (model.Epochs != cpuModel.Epochs || worst > 1e-6)
    {
        Console.Error.WriteLine("FAIL: CUDA and CPU training disagree beyond rounding");
        return 1;
    }
}
Console.WriteLine("OK");
return 0;

static (TorchMlpModel Model, double Seconds) Train(MlpOptions mlp, TorchSettings settings, Matrix x, int[] y, int classes, ulong seed)
{
    var watch = Stopwatch.StartNew();
    var model = new TorchMlpClassifierFactory(mlp, settings).FitModel(x, y, classes, new Rng(seed));
    return (model, watch.Elapsed.TotalSeconds);
}

static void Report(string device, TorchMlpModel model, double seconds, Matrix x, int[] y, int rows)
{
    int steps = model.Epochs * ((rows + 199) / 200);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{device}: {model.Epochs} epochs, {steps} Adam steps in {seconds:F2} s ({1000 * seconds / steps:F3} ms/step), " +
        $"final loss {model.LossCurve[^1]:F6}, train accuracy {model.Accuracy(x, y):F4}, model device {model.Device}"));
}

static (Matrix X, int[] Y) Blobs(int n, int features, int classes, ulong seed)
{
    var rng = new Rng(seed ^ 0x5eed);
    var x = new Matrix(n, features);
    var y = new int[n];
    for (int i = 0; i < n; i++)
    {
        int label = i % classes;
        y[i] = label;
        for (int f = 0; f < features; f++)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double normal = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            x[i, f] = (f == label % features ? 3.0 : 0.0) + normal;
        }
    }
    return (x, y);
}
