using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;

namespace ActiveLab.Results;

/// <summary>
/// Content of a sweep's <c>manifest.json</c>: what was run (config text and hash, cells) and with what (tool, .NET and
/// OS versions), written when the sweep starts. JSON names are snake_case, in the order of the properties here.
/// </summary>
/// <remarks>Equality compares <see cref="Cells"/> element-wise, so a manifest equals its own round trip.</remarks>
public sealed record SweepManifest
{
    /// <summary>Version of this manifest layout; readers reject a higher one.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Manifest layout version (<see cref="CurrentFormatVersion"/> when written by this code).</summary>
    [JsonPropertyName("format_version"), JsonPropertyOrder(0)]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The sweep name (also the folder name under <c>results/</c>).</summary>
    [JsonPropertyName("sweep_name"), JsonPropertyOrder(1)]
    public required string SweepName { get; init; }

    /// <summary>Hash of <see cref="ConfigText"/> as computed by the sweep configuration code (opaque here).</summary>
    [JsonPropertyName("config_hash"), JsonPropertyOrder(2)]
    public required string ConfigHash { get; init; }

    /// <summary>When the manifest was created, UTC (ISO 8601 with 'Z' in the file).</summary>
    [JsonPropertyName("created_at_utc"), JsonPropertyOrder(3)]
    public required DateTime CreatedAtUtc { get; init; }

    /// <summary>Informational version of the tool that ran the sweep (e.g. <c>1.0.0+&lt;commit&gt;</c>).</summary>
    [JsonPropertyName("tool_version"), JsonPropertyOrder(4)]
    public required string ToolVersion { get; init; }

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.0</c>.</summary>
    [JsonPropertyName("dotnet_version"), JsonPropertyOrder(5)]
    public required string DotNetVersion { get; init; }

    /// <summary>Operating system description and architecture, e.g. <c>Linux 6.8.0 … (X64)</c>.</summary>
    [JsonPropertyName("os"), JsonPropertyOrder(6)]
    public required string OperatingSystem { get; init; }

    /// <summary>Every cell of the sweep, in the order the sweep defines them.</summary>
    [JsonPropertyName("cells"), JsonPropertyOrder(7)]
    public required IReadOnlyList<SweepManifestCell> Cells { get; init; }

    /// <summary>The sweep configuration exactly as given (HOCON text).</summary>
    [JsonPropertyName("config"), JsonPropertyOrder(8)]
    public required string ConfigText { get; init; }

    /// <summary>
    /// A manifest for a sweep starting now on this machine: tool version from <paramref name="toolAssembly"/>
    /// (default: the entry assembly), .NET and OS from the running process.
    /// </summary>
    /// <param name="sweepName">Sweep name.</param>
    /// <param name="configText">Configuration text as given.</param>
    /// <param name="configHash">Hash of <paramref name="configText"/> (computed by the caller).</param>
    /// <param name="cells">The sweep's cells.</param>
    /// <param name="createdAtUtc">Creation time (UTC or local kind; default: now).</param>
    /// <param name="toolAssembly">Assembly whose informational version names the tool.</param>
    public static SweepManifest Create(
        string sweepName,
        string configText,
        string configHash,
        IEnumerable<SweepManifestCell> cells,
        DateTime? createdAtUtc = null,
        Assembly? toolAssembly = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepName);
        ArgumentNullException.ThrowIfNull(configText);
        ArgumentException.ThrowIfNullOrEmpty(configHash);
        ArgumentNullException.ThrowIfNull(cells);
        DateTime created = createdAtUtc ?? DateTime.UtcNow;
        created = created.Kind switch
        {
            DateTimeKind.Utc => created,
            DateTimeKind.Local => created.ToUniversalTime(),
            _ => throw new ArgumentException("creation time must be UTC or local, not unspecified", nameof(createdAtUtc)),
        };
        return new SweepManifest
        {
            SweepName = sweepName,
            ConfigHash = configHash,
            CreatedAtUtc = created,
            ToolVersion = ToolVersionOf(toolAssembly ?? Assembly.GetEntryAssembly() ?? typeof(SweepManifest).Assembly),
            DotNetVersion = RuntimeInformation.FrameworkDescription,
            OperatingSystem = $"{RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})",
            Cells = [.. cells],
            ConfigText = configText,
        };
    }

    /// <summary>Informational version of <paramref name="assembly"/>, else its assembly version, else "unknown".</summary>
    public static string ToolVersionOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
    }

    /// <inheritdoc/>
    public bool Equals(SweepManifest? other) =>
        other is not null
        && FormatVersion == other.FormatVersion
        && SweepName == other.SweepName
        && ConfigHash == other.ConfigHash
        && CreatedAtUtc == other.CreatedAtUtc
        && CreatedAtUtc.Kind == other.CreatedAtUtc.Kind
        && ToolVersion == other.ToolVersion
        && DotNetVersion == other.DotNetVersion
        && OperatingSystem == other.OperatingSystem
        && Cells.SequenceEqual(other.Cells)
        && ConfigText == other.ConfigText;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SweepName, ConfigHash, CreatedAtUtc, Cells.Count);
}
