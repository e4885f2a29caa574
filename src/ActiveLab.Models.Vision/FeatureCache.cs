using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActiveLab.Core;
using ActiveLab.Data;

namespace ActiveLab.Models.Vision;

/// <summary>What one <see cref="FeatureCache.GetOrComputeDetailed"/> call did.</summary>
/// <param name="Features">indices.Count × 512 features, float64 (widened exactly from the float32 the network computes).</param>
/// <param name="CachePath">The cache file of this (image file, model, preprocessing) key.</param>
/// <param name="Computed">Images featurized by this call.</param>
/// <param name="FromCache">Distinct requested images whose features came from the cache file.</param>
/// <param name="Saved">Whether the cache file now holds every requested image (false when it could not be written).</param>
public sealed record FeatureCacheResult(Matrix Features, string CachePath, int Computed, int FromCache, bool Saved);

/// <summary>
/// Computes <see cref="ResNet18Featurizer"/> features once per image and keeps them on disk.
/// <para>
/// Key: SHA-256 over (SHA-256 of the image source file as stored — e.g. the gzip bytes of
/// <c>cifar10_test_from_jpeg.bin.gz</c> —, the featurizer's <see cref="ResNet18Featurizer.ModelHash"/>, the
/// <see cref="ResNet18Featurizer.PreprocessingVersion"/>). One file per key: <c>&lt;cache dir&gt;/resnet18/&lt;key hex&gt;.features</c>,
/// holding a row for every record of the source file and a presence flag per row, so a call computes only the
/// requested images not yet cached (layout in <see cref="FeatureCacheFile"/>). Features are stored as <b>float32</b>
/// (what ONNX Runtime computes, 20 MB for 10,000 images) and returned as a float64 <see cref="Matrix"/> (exact widening).
/// </para>
/// <para>
/// Safety: files are written atomically (temporary file in the same folder, flushed, renamed over the target) after
/// merging rows another process may have added meanwhile; every load is validated (size, shape, key hashes, SHA-256
/// checksum, finite values). A missing, corrupt or mismatched file means recompute with a warning, never a crash; a
/// cache folder that cannot be written means a warning and features computed in memory only. Calls for the same file
/// are serialised within a process.
/// </para>
/// <para>Image sources: CIFAR binary files in the standard layout (<see cref="CifarRecordLayout.Standard"/>, plain or
/// gzip), where record r is image r — the benchmark's <see cref="BenchmarkData.ImageSource"/>.</para>
/// </summary>
public sealed class FeatureCache
{
    private static readonly ConcurrentDictionary<string, object> FileLocks = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Modified), byte[]> SourceHashes = new();
    private readonly Action<string> _warn;

    /// <summary>A cache in <paramref name="cacheDirectory"/> (created when first written) for <paramref name="featurizer"/>.</summary>
    /// <param name="featurizer">The network; not disposed by the cache.</param>
    /// <param name="cacheDirectory">Root folder of the cache (see <see cref="DefaultDirectory"/>).</param>
    /// <param name="warn">Receives warnings (unusable cache file, failed write); default: standard error, "warning: …".</param>
    public FeatureCache(ResNet18Featurizer featurizer, string cacheDirectory, Action<string>? warn = null)
        : this(cacheDirectory, (featurizer ?? throw new ArgumentNullException(nameof(featurizer))).ModelHash, warn)
    {
        Featurizer = featurizer;
    }

    /// <summary>
    /// A <b>read-only</b> cache without a network, for processes that lack the ONNX files (e.g. a GPU bundle built with
    /// <c>-p:ActiveLabCopyResNet18Onnx=false</c> and given a cache folder filled elsewhere): it returns cached rows and
    /// throws <see cref="InvalidOperationException"/> when a requested image is not cached.
    /// </summary>
    /// <param name="cacheDirectory">Root folder of the cache.</param>
    /// <param name="modelHash">The featurizer's <see cref="ResNet18Featurizer.ModelHash"/>; for the package's files
    /// <see cref="ResNet18ModelFiles.PackageModelHash"/>.</param>
    /// <param name="warn">Receives warnings; default: standard error.</param>
    public FeatureCache(string cacheDirectory, byte[] modelHash, Action<string>? warn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        ArgumentNullException.ThrowIfNull(modelHash);
        if (modelHash.Length != 32) throw new ArgumentException("a model hash is 32 bytes (SHA-256)", nameof(modelHash));
        ModelHash = (byte[])modelHash.Clone();
        Directory = Path.GetFullPath(cacheDirectory);
        _warn = warn ?? (message => Console.Error.WriteLine("warning: " + message));
    }

    /// <summary>The default cache folder of a data directory: <c>&lt;data-dir&gt;/cache</c>.</summary>
    public static string DefaultDirectory(string dataDir) => Path.Combine(dataDir, "cache");

    /// <summary>The network; null for a read-only cache.</summary>
    public ResNet18Featurizer? Featurizer { get; }

    /// <summary>The model part of the key (<see cref="ResNet18Featurizer.ModelHash"/>).</summary>
    public byte[] ModelHash { get; }

    /// <summary>Root folder of the cache.</summary>
    public string Directory { get; }

    /// <summary>The cache file for <paramref name="imageSourcePath"/> (hashes the file).</summary>
    public string CacheFilePath(string imageSourcePath) => PathFor(Key(SourceHash(imageSourcePath)));

    /// <summary>
    /// Features of the images <paramref name="indices"/> (record numbers of <paramref name="imageSourcePath"/>, any
    /// order, repeats allowed; null = every record), as an indices.Count × 512 matrix, row i for indices[i].
    /// </summary>
    public Matrix GetOrCompute(string imageSourcePath, IReadOnlyList<int>? indices = null, IProgress<int>? progress = null,
        CancellationToken cancellation = default) =>
        GetOrComputeDetailed(imageSourcePath, indices, progress, cancellation).Features;

    /// <summary><see cref="GetOrCompute"/> with what was computed and cached.</summary>
    public FeatureCacheResult GetOrComputeDetailed(string imageSourcePath, IReadOnlyList<int>? indices = null,
        IProgress<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageSourcePath);
        if (!File.Exists(imageSourcePath)) throw new DataFormatException(imageSourcePath, "file not found");
        byte[] sourceHash = SourceHash(imageSourcePath);
        byte[] modelHash = ModelHash;
        const int d = ResNet18Featurizer.FeatureDimension;
        const int prep = ResNet18Featurizer.PreprocessingVersion;
        string path = PathFor(Key(sourceHash));

        lock (FileLocks.GetOrAdd(path, _ => new object()))
        {
            var content = Load(path, sourceHash, modelHash, warnIfBad: true);
            CifarImages? images = null;
            if (content is null)
            {
                images = CifarBinaryReader.Read(imageSourcePath);
                content = new FeatureCacheFile.Content(new bool[images.Count], new float[(long)images.Count * d]);
            }
            int records = content.Present.Length;
            int[] wanted = indices is null ? [.. Enumerable.Range(0, records)] : [.. indices];
            foreach (int index in wanted)
                if ((uint)index >= (uint)records)
                    throw new ArgumentOutOfRangeException(nameof(indices), index, $"image index outside 0..{records - 1} of {imageSourcePath}");
            int[] missing = [.. wanted.Where(i => !content.Present[i]).Distinct().Order()];
            int fromCache = wanted.Distinct().Count() - missing.Length;
            bool saved = true;
            if (missing.Length > 0)
            {
                if (Featurizer is null)
                    throw new InvalidOperationException(
                        $"{missing.Length} of the requested images of {imageSourcePath} are not in the feature cache {path}, " +
                        "and this read-only cache has no featurizer to compute them");
                images ??= CifarBinaryReader.Read(imageSourcePath);
                if (images.Count != records)
                    throw new InvalidOperationException($"{imageSourcePath} has {images.Count} records but its cache {path} has {records}");
                var computed = Featurizer.Featurize(images, missing, progress, cancellation);
                for (int m = 0; m < missing.Length; m++)
                {
                    computed.AsSpan(m * d, d).CopyTo(content.Features.AsSpan(missing[m] * d, d));
                    content.Present[missing[m]] = true;
                }
                saved = Save(path, records, sourceHash, modelHash, content);
            }

            var result = new Matrix(wanted.Length, d);
            for (int i = 0; i < wanted.Length; i++)
            {
                var source = content.Features.AsSpan(wanted[i] * d, d);
                var target = result.Row(i);
                for (int k = 0; k < d; k++) target[k] = source[k];
            }
            return new FeatureCacheResult(result, path, missing.Length, fromCache, saved);
        }

        FeatureCacheFile.Content? Load(string file, byte[] source, byte[] model, bool warnIfBad)
        {
            if (!File.Exists(file)) return null;
            int records = PeekRecords(file);
            string? problem = "unreadable header";
            var loaded = records > 0 ? FeatureCacheFile.TryRead(file, records, d, prep, source, model, out problem) : null;
            if (loaded is null && warnIfBad)
                _warn($"feature cache {file} is unusable ({problem ?? "vanished while being read"}); recomputing its features");
            return loaded;
        }

        bool Save(string file, int records, byte[] source, byte[] model, FeatureCacheFile.Content content)
        {
            try
            {
                // Rows another process cached since this call loaded the file are kept.
                var onDisk = Load(file, source, model, warnIfBad: false);
                if (onDisk is not null && onDisk.Present.Length == records)
                {
                    for (int r = 0; r < records; r++)
                    {
                        if (content.Present[r] || !onDisk.Present[r]) continue;
                        onDisk.Features.AsSpan(r * d, d).CopyTo(content.Features.AsSpan(r * d, d));
                        content.Present[r] = true;
                    }
                }
                FeatureCacheFile.Write(file, records, d, prep, source, model, content);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _warn($"could not write the feature cache {file} ({e.Message}); features are kept in memory only");
                return false;
            }
        }
    }

    /// <summary>Record count from a cache file's header, or 0 when unreadable.</summary>
    private static int PeekRecords(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            Span<byte> header = stackalloc byte[16];
            if (stream.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16) return 0;
            int n = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
            return n is > 0 and <= 10_000_000 ? n : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private string PathFor(byte[] key) => Path.Combine(Directory, "resnet18", Convert.ToHexStringLower(key) + ".features");

    private byte[] Key(byte[] sourceHash)
    {
        var material = new byte[32 + 32 + 4];
        sourceHash.CopyTo(material, 0);
        ModelHash.CopyTo(material, 32);
        BinaryPrimitives.WriteInt32LittleEndian(material.AsSpan(64), ResNet18Featurizer.PreprocessingVersion);
        return SHA256.HashData(material);
    }

    /// <summary>SHA-256 of the file's bytes (memoised per path, length and modification time).</summary>
    internal static byte[] SourceHash(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new DataFormatException(path, "file not found");
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        return SourceHashes.GetOrAdd(key, k =>
        {
            using var stream = new FileStream(k.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            return SHA256.HashData(stream);
        });
    }
}
