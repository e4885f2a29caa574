using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ActiveLab.Results;

/// <summary>
/// Replaces <c>rounds.parquet</c> and <c>labels.parquet</c> together (a two-phase commit within the sweep folder), so a
/// crash never leaves a new labels table next to an old rounds table once <see cref="Recover"/> has run.
/// </summary>
/// <remarks>
/// <para>
/// Commit: (1) both tables are written to temp files <c>.&lt;final&gt;.&lt;guid&gt;.tmp</c> in the sweep folder, each
/// fsynced, and the folder is fsynced; (2) the intent file <see cref="IntentFileName"/>, listing temp → final pairs with
/// each temp's SHA-256, is written atomically: this is the commit point; (3) both temps are renamed over their finals,
/// the folder is fsynced, the intent is deleted and the folder fsynced again.
/// </para>
/// <para>
/// Recovery: with an intent, every temp still present is renamed over its final (roll forward); a temp that is gone
/// must have been renamed already, which is checked by the final's hash. Without an intent, compaction temps are
/// uncommitted leftovers and are deleted, leaving the old pair untouched. One compactor per sweep folder at a time:
/// recovery deletes the temps of a compaction that is still writing.
/// </para>
/// </remarks>
internal static class CompactionCommit
{
    /// <summary>File name of the intent (the commit record) in the sweep folder.</summary>
    public const string IntentFileName = ".compaction-commit.json";

    private const int FormatVersion = 1;

    private static readonly string[] Finals = [SweepLayout.RoundsFileName, SweepLayout.LabelsFileName];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NewLine = "\n",
    };

    /// <summary>Writes both tables and commits them together; see the class remarks.</summary>
    public static async Task CommitAsync(
        string sweepDir,
        Func<Stream, CancellationToken, Task> writeRounds,
        Func<Stream, CancellationToken, Task> writeLabels,
        CancellationToken cancellationToken)
    {
        string dir = Path.GetFullPath(sweepDir);
        string roundsPath = Path.Combine(dir, SweepLayout.RoundsFileName);
        string labelsPath = Path.Combine(dir, SweepLayout.LabelsFileName);
        foreach (string final in (string[])[roundsPath, labelsPath])
            if (Directory.Exists(final))
                throw new ResultFileException(final, "is a directory, so the compacted table cannot be written there");

        string? roundsTemp = null, labelsTemp = null;
        Intent intent;
        try
        {
            labelsTemp = await AtomicFileWriter.WriteTempAsync(labelsPath, writeLabels, cancellationToken).ConfigureAwait(false);
            roundsTemp = await AtomicFileWriter.WriteTempAsync(roundsPath, writeRounds, cancellationToken).ConfigureAwait(false);
            // The temps' directory entries must be durable before an intent that names them.
            DirectorySync.TryFsync(dir);
            intent = new Intent(FormatVersion,
            [
                new Rename(Path.GetFileName(roundsTemp), SweepLayout.RoundsFileName, Sha256(roundsTemp)),
                new Rename(Path.GetFileName(labelsTemp), SweepLayout.LabelsFileName, Sha256(labelsTemp)),
            ]);
            cancellationToken.ThrowIfCancellationRequested();
            // The commit point. Recovery ran before, so an existing intent means a concurrent compactor: fail.
            AtomicFileWriter.WriteAllText(Path.Combine(dir, IntentFileName), JsonSerializer.Serialize(intent, Json) + "\n", overwrite: false);
        }
        catch
        {
            if (roundsTemp is not null) AtomicFileWriter.TryDelete(roundsTemp);
            if (labelsTemp is not null) AtomicFileWriter.TryDelete(labelsTemp);
            throw;
        }
        // From here on the new pair is committed: a failure leaves the intent for the next recovery to finish.
        RollForward(dir, intent);
    }

    /// <summary>Finishes a committed compaction and deletes uncommitted temps; see the class remarks.</summary>
    public static CompactionRecovery Recover(string sweepDir)
    {
        string dir = Path.GetFullPath(sweepDir);
        if (!Directory.Exists(dir)) return new CompactionRecovery(false, []);
        string intentPath = Path.Combine(dir, IntentFileName);
        bool rolledForward = false;
        if (File.Exists(intentPath))
        {
            RollForward(dir, ReadIntent(intentPath));
            rolledForward = true;
        }
        var deleted = new List<string>();
        foreach (string file in Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal))
        {
            if (!IsCompactionTempName(Path.GetFileName(file))) continue;
            File.Delete(file);
            deleted.Add(file);
        }
        if (deleted.Count > 0) DirectorySync.TryFsync(dir);
        return new CompactionRecovery(rolledForward, deleted);
    }

    /// <summary>
    /// True for temp files of the compacted tables or of the intent (<c>.rounds.parquet.*.tmp</c>,
    /// <c>.labels.parquet.*.tmp</c>, <c>.compaction-commit.json.*.tmp</c>).
    /// </summary>
    public static bool IsCompactionTempName(string fileName) =>
        AtomicFileWriter.IsTempFileName(fileName)
        && (TempOf(fileName, SweepLayout.RoundsFileName) || TempOf(fileName, SweepLayout.LabelsFileName) || TempOf(fileName, IntentFileName.TrimStart('.')));

    private static bool TempOf(string fileName, string final) =>
        fileName.StartsWith("." + final + ".", StringComparison.Ordinal) && fileName.Length > final.Length + 2 + AtomicFileWriter.TempSuffix.Length;

    private static void RollForward(string dir, Intent intent)
    {
        string intentPath = Path.Combine(dir, IntentFileName);
        foreach (Rename r in intent.Renames)
        {
            string temp = Path.Combine(dir, r.Temp);
            string final = Path.Combine(dir, r.Final);
            if (File.Exists(temp))
            {
                File.Move(temp, final, overwrite: true);
            }
            else if (!File.Exists(final) || !string.Equals(Sha256(final), r.Sha256, StringComparison.Ordinal))
            {
                throw new ResultFileException(intentPath,
                    $"committed compaction cannot be finished: {r.Temp} is gone and {r.Final} is not the committed table; " +
                    "compact the sweep again (e.g. resume it) after deleting this file");
            }
        }
        DirectorySync.TryFsync(dir);
        File.Delete(intentPath);
        DirectorySync.TryFsync(dir);
    }

    private static Intent ReadIntent(string intentPath)
    {
        Intent? intent;
        try
        {
            intent = JsonSerializer.Deserialize<Intent>(File.ReadAllText(intentPath), Json);
        }
        catch (JsonException e)
        {
            throw new ResultFileException(intentPath, $"unreadable compaction intent: {e.Message}", e);
        }
        if (intent is null || intent.FormatVersion != FormatVersion)
            throw new ResultFileException(intentPath, $"unsupported compaction intent (format_version must be {FormatVersion})");
        if (intent.Renames.Count != Finals.Length
            || !intent.Renames.Select(r => r.Final).Order(StringComparer.Ordinal).SequenceEqual(Finals.Order(StringComparer.Ordinal))
            || intent.Renames.Any(r => r.Temp != Path.GetFileName(r.Temp) || !TempOf(r.Temp, r.Final) || !AtomicFileWriter.IsTempFileName(r.Temp)))
            throw new ResultFileException(intentPath,
                $"invalid compaction intent: it must rename one '.<final>.<id>.tmp' file over each of {string.Join(" and ", Finals)}");
        return intent;
    }

    private static string Sha256(string path)
    {
        using FileStream s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>The intent file's content.</summary>
    internal sealed record Intent(int FormatVersion, IReadOnlyList<Rename> Renames);

    /// <summary>One temp (file name in the sweep folder) to be renamed over one final table, with the temp's SHA-256.</summary>
    internal sealed record Rename(string Temp, string Final, [property: JsonPropertyName("sha256")] string Sha256);
}
