using System.Diagnostics;
using ActiveLab.Core.Randomness;
using ActiveLab.ModelBenchmarks;
using ActiveLab.Models;

// 5-fold CV on 2000 Wall Robot rows, timed per model, single thread. The subset and folds are chosen without
// randomness so that a sklearn script can reproduce them exactly: subset row i = ⌊i·5456/2000⌋ (evenly spaced over
// the file), fold of subset element i = i mod 5. Each fold fits on 1600 rows and predicts probabilities for the 400
// held out; the time covers fit + predict of all 5 folds (data slicing excluded). Fold f of repeat r uses seed 1000·r + f.
//
// usage: ActiveLab.ModelBenchmarks [models: comma list of mlp, mlp32, mlp-portable, mlp32-portable, et, knn, et-predict] [repeats] [rows]
// et-predict: one forest fitted on fold 0's 1600 rows predicts all 5456 rows of the file 20 times per repeat (prediction
// alone: in the sweeps every fold model also predicts the unlabeled pool and the test set).
// Pin to one core for comparisons: taskset -c 0 dotnet <dll> ...
var models = (args.Length > 0 ? args[0] : "mlp,mlp32,et,knn").Split(',', StringSplitOptions.RemoveEmptyEntries);
int repeats = args.Length > 1 ? int.Parse(args[1]) : 3;
int rows = args.Length > 2 ? int.Parse(args[2]) : 2000;
const int folds = 5;

var path = WallRobotData.Locate();
if (path is null)
{
    Console.Error.WriteLine("Wall Robot data not found: set ACTIVELAB_DATA_DIR to the shared data folder or run inside the repository next to ../shared/data");
    return 1;
}
var (allX, allY, classNames) = WallRobotData.Load(path);
var subset = Enumerable.Range(0, rows).Select(i => (int)((long)i * allX.Rows / rows)).ToArray();
var x = allX.SelectRows(subset);
var y = subset.Select(r => allY[r]).ToArray();
int k = classNames.Length;
var foldData = Enumerable.Range(0, folds).Select(f =>
{
    var train = Enumerable.Range(0, rows).Where(i => i % folds != f).ToArray();
    var test = Enumerable.Range(0, rows).Where(i => i % folds == f).ToArray();
    return (XTrain: x.SelectRows(train), YTrain: train.Select(i => y[i]).ToArray(), XTest: x.SelectRows(test), YTest: test.Select(i => y[i]).ToArray());
}).ToArray();

Console.WriteLine($"data: {path} ({allX.Rows} rows); subset {rows} rows, {folds}-fold CV, one thread, {repeats} repeats; " +
                  $"SIMD width {System.Numerics.Vector<double>.Count} doubles, {Environment.ProcessorCount} processors visible");
foreach (var name in models)
{
    if (name == "et-predict")
    {
        var forest = new ExtraTreesClassifierFactory().Fit(foldData[0].XTrain, foldData[0].YTrain, k, new Rng(7));
        forest.PredictProba(allX);   // warm-up
        var predictTimes = new List<double>();
        for (int rep = 0; rep < repeats; rep++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (int i = 0; i < 20; i++) forest.PredictProba(allX);
            predictTimes.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            Console.WriteLine($"{name} rep {rep}: cpu {predictTimes[^1]:F3} s for 20 × {allX.Rows} rows");
        }
        predictTimes.Sort();
        Console.WriteLine($"{name} cpu median {predictTimes[predictTimes.Count / 2]:F3} s, min {predictTimes[0]:F3} s");
        continue;
    }
    IClassifierFactory factory = name switch
    {
        "mlp" => new MlpClassifierFactory(),
        "mlp32" => new MlpClassifierFactory(new MlpOptions { Precision = MlpPrecision.Float32 }),
        // The portable (Vector<T>) kernel even where the 512-bit one runs: the comparison for MlpWideKernel.
        "mlp-portable" => new MlpClassifierFactory(new MlpOptions { PortableKernel = true }),
        "mlp32-portable" => new MlpClassifierFactory(new MlpOptions { Precision = MlpPrecision.Float32, PortableKernel = true }),
        "et" => new ExtraTreesClassifierFactory(),
        "knn" => new KNeighborsClassifierFactory(),
        _ => throw new ArgumentException($"unknown model {name}; expected mlp, mlp32, mlp-portable, mlp32-portable, et or knn"),
    };
    // Warm-up so that JIT time is not measured.
    factory.Fit(foldData[0].XTest, foldData[0].YTest, k, new Rng(1)).PredictProba(foldData[0].XTest);

    var times = new List<double>();
    var cpuTimes = new List<double>();
    for (int rep = 0; rep < repeats; rep++)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var fitTime = new Stopwatch();
        int correct = 0;
        var epochs = new List<int>();
        for (int f = 0; f < folds; f++)
        {
            var d = foldData[f];
            fitTime.Start();
            var model = factory.Fit(d.XTrain, d.YTrain, k, new Rng((ulong)(1000 * rep + f)));
            fitTime.Stop();
            var proba = model.PredictProba(d.XTest);
            for (int i = 0; i < d.YTest.Length; i++) if (proba.ArgMaxOfRow(i) == d.YTest[i]) correct++;
            if (model is MlpModel mlp) epochs.Add(mlp.Epochs);
        }
        sw.Stop();
        // CPU time as well as wall: on a shared machine the process's own CPU seconds are the steadier comparison.
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        cpuTimes.Add(cpuSeconds);
        times.Add(sw.Elapsed.TotalSeconds);
        string extra = epochs.Count > 0 ? $"  epochs {string.Join("/", epochs)}" : "";
        Console.WriteLine($"{name,-6} rep {rep}: {sw.Elapsed.TotalSeconds,7:F3} s (fit {fitTime.Elapsed.TotalSeconds:F3} s, cpu {cpuSeconds:F3} s)  accuracy {(double)correct / rows:F4}{extra}");
    }
    times.Sort();
    cpuTimes.Sort();
    Console.WriteLine($"{name,-6} median {times[times.Count / 2]:F3} s, min {times[0]:F3} s; cpu median {cpuTimes[cpuTimes.Count / 2]:F3} s");
}
return 0;
