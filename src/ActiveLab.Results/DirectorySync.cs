using System.Runtime.InteropServices;

namespace ActiveLab.Results;

/// <summary>
/// Best-effort fsync of a directory, so that a rename into it survives a power cut (POSIX only persists a directory
/// entry once the directory itself is synced). .NET cannot open a directory as a stream, so this calls
/// <c>open</c>/<c>fsync</c>/<c>close</c> from libc on Linux and macOS; elsewhere (Windows, where NTFS journals metadata)
/// and on any failure it does nothing.
/// </summary>
internal static class DirectorySync
{
    private const int ORdOnly = 0;

    /// <summary>Fsyncs <paramref name="directory"/>; returns false when that was not possible.</summary>
    public static bool TryFsync(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return false;
        try
        {
            int fd = Open(directory, ORdOnly);
            if (fd < 0) return false;
            try
            {
                return Fsync(fd) == 0;
            }
            finally
            {
                _ = Close(fd);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
