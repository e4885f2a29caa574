using System.Diagnostics;
using System.Globalization;

namespace ActiveLab.Cluster.Hosting;

/// <summary>A second process tried to run a sweep that another live process is running.</summary>
public sealed class SweepLockedException(string message) : Exception(message);

/// <summary>
/// One writer per sweep: an exclusive lock on <c>&lt;sweep&gt;/.activelab.lock</c> held for the life of the node that
/// runs the sweep's coordinator (<c>run</c>, <c>seed</c>). .NET takes it with <c>flock(LOCK_EX|LOCK_NB)</c> on Linux, so
/// the kernel releases it when the holder dies however it dies: a stale lock of a dead process is simply taken over.
/// Who holds it (pid, host, command, start time) is written beside it, in <c>.activelab.lock.owner</c>, because a
/// locked file cannot be read by another process.
/// </summary>
public sealed class SweepLock : IDisposable
{
    public const string FileName = ".activelab.lock";
    public const string OwnerFileName = ".activelab.lock.owner";

    private readonly FileStream _stream;

    private SweepLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock of <paramref name="sweepDir"/> (created if missing) or throws <see cref="SweepLockedException"/>
    /// naming the process that holds it.</summary>
    public static SweepLock Acquire(string sweepDir, string sweepName)
    {
        Directory.CreateDirectory(sweepDir);
        string path = Path.Combine(sweepDir, FileName);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            string owner = ReadOwner(sweepDir) ?? "another process";
            throw new SweepLockedException(
                $"sweep '{sweepName}' is already being run by {owner} (lock {path}); stop that process first, or use another sweep name or results dir");
        }
        using var self = Process.GetCurrentProcess();
        string info = string.Create(CultureInfo.InvariantCulture,
            $"process {Environment.ProcessId} on {Environment.MachineName} ({string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Take(3))}), started {self.StartTime.ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC");
        File.WriteAllText(Path.Combine(sweepDir, OwnerFileName), info + "\n");
        return new SweepLock(stream);
    }

    private static string? ReadOwner(string sweepDir)
    {
        try
        {
            string text = File.ReadAllText(Path.Combine(sweepDir, OwnerFileName)).Trim();
            return text.Length > 0 ? text : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Releases the lock (the files stay; the next holder rewrites the owner).</summary>
    public void Dispose() => _stream.Dispose();
}
