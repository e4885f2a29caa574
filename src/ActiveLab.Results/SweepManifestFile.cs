using System.Text.Encodings.Web;
using System.Text.Json;

namespace ActiveLab.Results;

/// <summary>
/// Reads and writes <c>manifest.json</c> (<see cref="SweepManifest"/>): System.Text.Json, indented, snake_case names in
/// a fixed order, non-ASCII text kept readable, a final newline; written atomically.
/// </summary>
public static class SweepManifestFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        // The file is not embedded in HTML: keep '+', '<', quotes-in-HOCON and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NewLine = "\n",
    };

    /// <summary>The JSON text of <paramref name="manifest"/> (ends with a newline).</summary>
    public static string Serialize(SweepManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return JsonSerializer.Serialize(manifest, Options) + "\n";
    }

    /// <summary>Parses manifest JSON.</summary>
    /// <exception cref="JsonException">Malformed JSON, a missing or null property, or an unknown format version.</exception>
    public static SweepManifest Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        SweepManifest manifest = JsonSerializer.Deserialize<SweepManifest>(json, Options)
            ?? throw new JsonException("manifest is JSON null");
        if (manifest.FormatVersion is < 1 or > SweepManifest.CurrentFormatVersion)
            throw new JsonException(
                $"format_version {manifest.FormatVersion} is not supported (this tool reads 1..{SweepManifest.CurrentFormatVersion})");
        if (manifest.CreatedAtUtc.Kind != DateTimeKind.Utc)
            throw new JsonException("created_at_utc must be a UTC time ending in 'Z'");
        return manifest;
    }

    /// <summary>Atomically writes <paramref name="manifest"/> to <paramref name="path"/> (replacing it).</summary>
    public static void Write(string path, SweepManifest manifest) =>
        AtomicFileWriter.WriteAllText(path, Serialize(manifest));

    /// <summary>Atomically writes <paramref name="manifest"/> to <c>&lt;sweepDir&gt;/manifest.json</c>; returns the path.</summary>
    public static string WriteToSweep(string sweepDir, SweepManifest manifest)
    {
        string path = SweepLayout.ManifestPath(sweepDir);
        Write(path, manifest);
        return path;
    }

    /// <summary>Reads the manifest at <paramref name="path"/>.</summary>
    /// <exception cref="ResultFileException">Missing file or invalid manifest; the message names the file.</exception>
    public static SweepManifest Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ResultFileException(path, "file not found", e);
        }
        try
        {
            return Deserialize(json);
        }
        catch (JsonException e)
        {
            throw new ResultFileException(path, $"not a valid sweep manifest: {e.Message}", e);
        }
    }

    /// <summary>Reads <c>&lt;sweepDir&gt;/manifest.json</c>.</summary>
    /// <exception cref="ResultFileException">Missing file or invalid manifest.</exception>
    public static SweepManifest ReadFromSweep(string sweepDir) => Read(SweepLayout.ManifestPath(sweepDir));
}
