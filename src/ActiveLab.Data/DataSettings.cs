namespace ActiveLab.Data;

/// <summary>
/// Where benchmark data lives and which seed builds it.
/// </summary>
/// <param name="DataDir">
/// The data directory (the <c>data-dir</c> setting). Layout, as in the repository's <c>data/</c> and the shared data
/// folder: <c>wall-robot-navigation/sensor_readings_4.data.gz</c> (shipped in the repository),
/// <c>cifar10h/cifar10h-counts.csv</c> or <c>cifar10h/cifar10h-counts.npy(.gz)</c> and optionally
/// <c>cifar10h/cifar10h-raw.csv</c>, <c>cifar10-test/cifar10_test_labels.csv</c> and the image file
/// <c>cifar10-test/cifar10_test_from_jpeg.bin.gz</c> (or the official <c>cifar-10-batches-bin/test_batch.bin</c>).
/// Nothing is ever downloaded.
/// </param>
/// <param name="Seed">
/// Seed of every dataset-construction stream; null = the spec's SEED of the benchmark
/// (<see cref="BenchmarkCatalog.DefaultSeed"/>: wall-robot 123, wall-robot-complete 111, single-vs-multiannotator 1234,
/// single-annotator 0, cifar-10h 123).
/// </param>
/// <param name="OriginalArraysDir">
/// Optional folder with the paper's original <c>.npy</c> arrays (spec §1.9). When set, <see cref="BenchmarkCatalog.Build"/>
/// loads <c>&lt;OriginalArraysDir&gt;</c> itself (if it holds <c>true_labels_labeled.npy</c>) or its sub-folder named after the
/// benchmark (<c>wall-robot/</c>, <c>single-vs-multiannotator/0.6/</c>, …) with <see cref="NpyBenchmarkLoader"/> instead of
/// regenerating.
/// </param>
public sealed record DataSettings(string DataDir, ulong? Seed = null, string? OriginalArraysDir = null);
