using System.Security.Cryptography;
using ActiveLab.Build.ElfPatch;

namespace ActiveLab.Models.Torch.Tests;

public sealed class ElfPatchTests : IDisposable
{
    private const string Library = "libstdc++.so.6", Version = "GLIBCXX_3.4.32";
    private readonly string _folder = Directory.CreateTempSubdirectory("elfpatch-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static ElfVersionNeed Need(byte[] elf) =>
        ElfVersionNeeds.ReadVersionNeeds(elf).Single(n => n.Library == Library && n.Version == Version);

    [Fact]
    public void The_original_needs_the_version_only_for_the_unrelocated_marker_symbol()
    {
        var elf = File.ReadAllBytes(TestPaths.OriginalLibTorchSharp);
        var need = Need(elf);
        Assert.False(need.IsWeak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], ElfVersionNeeds.SymbolsWithVersion(elf, need.Index));
        Assert.Equal(0, ElfVersionNeeds.RelocationsAgainstVersion(elf, need.Index));
        // Sanity of the parser: other needs are there, none weak.
        var needs = ElfVersionNeeds.ReadVersionNeeds(elf);
        Assert.Contains(needs, n => n.Library == "libc.so.6" && n.Version == "GLIBC_2.2.5");
        Assert.All(needs, n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void Patching_a_copy_sets_only_the_weak_bit_and_leaves_the_source_untouched()
    {
        string source = Path.Combine(_folder, "libLibTorchSharp.so");
        string patched = Path.Combine(_folder, "patched", "libLibTorchSharp.so");
        File.Copy(TestPaths.OriginalLibTorchSharp, source);
        byte[] cacheHash = SHA256.HashData(File.ReadAllBytes(TestPaths.OriginalLibTorchSharp));
        byte[] before = File.ReadAllBytes(source);

        var outcome = ElfVersionNeeds.CopyWithWeakVersionNeed(source, patched, Library, Version,
            ElfVersionNeeds.LibstdcxxMarkerSymbols);

        Assert.Equal(ElfPatchOutcome.Patched, outcome);
        Assert.Equal(before, File.ReadAllBytes(source));
        Assert.Equal(cacheHash, SHA256.HashData(File.ReadAllBytes(TestPaths.OriginalLibTorchSharp)));

        byte[] after = File.ReadAllBytes(patched);
        Assert.Equal(before.Length, after.Length);
        var need = Need(after);
        Assert.True(need.IsWeak);
        Assert.Equal((ushort)(Need(before).Flags | ElfVersionNeeds.VerFlagWeak), need.Flags);
        var differing = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal([(int)need.FlagsOffset], differing);

        // Patching the patched file again changes nothing.
        string again = Path.Combine(_folder, "again.so");
        Assert.Equal(ElfPatchOutcome.AlreadyWeak,
            ElfVersionNeeds.CopyWithWeakVersionNeed(patched, again, Library, Version, ElfVersionNeeds.LibstdcxxMarkerSymbols));
        Assert.Equal(after, File.ReadAllBytes(again));
    }

    [Fact]
    public void A_version_that_binds_other_symbols_is_not_weakened()
    {
        string destination = Path.Combine(_folder, "refused.so");
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.CopyWithWeakVersionNeed(
            TestPaths.OriginalLibTorchSharp, destination, Library, Version, allowedSymbols: []));
        Assert.False(File.Exists(destination));
        // GLIBCXX_3.4.30 binds real functions: refused even with the marker allowed.
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.CopyWithWeakVersionNeed(
            TestPaths.OriginalLibTorchSharp, destination, Library, "GLIBCXX_3.4.30", ElfVersionNeeds.LibstdcxxMarkerSymbols));
    }

    [Fact]
    public void A_version_the_library_does_not_need_is_copied_unchanged()
    {
        string destination = Path.Combine(_folder, "copy.so");
        Assert.Equal(ElfPatchOutcome.NotNeeded, ElfVersionNeeds.CopyWithWeakVersionNeed(
            TestPaths.OriginalLibTorchSharp, destination, Library, "GLIBCXX_9.9.9", ElfVersionNeeds.LibstdcxxMarkerSymbols));
        Assert.Equal(File.ReadAllBytes(TestPaths.OriginalLibTorchSharp), File.ReadAllBytes(destination));
    }

    [Fact]
    public void The_system_libstdcxx_version_definitions_are_read()
    {
        string? system = ElfVersionNeeds.FindSystemLibrary(Library);
        Assert.NotNull(system);
        var versions = ElfVersionNeeds.ReadVersionDefinitions(File.ReadAllBytes(system));
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void The_output_copy_is_patched_exactly_when_the_system_libstdcxx_lacks_the_version()
    {
        string? system = ElfVersionNeeds.FindSystemLibrary(Library);
        bool systemHasIt = system != null && ElfVersionNeeds.DefinesVersion(system, Version);
        byte[] original = File.ReadAllBytes(TestPaths.OriginalLibTorchSharp);
        byte[] output = File.ReadAllBytes(TestPaths.OutputLibTorchSharp);
        Assert.Equal(original.Length, output.Length);
        Assert.Equal(!systemHasIt, Need(output).IsWeak);
        int differing = Enumerable.Range(0, original.Length).Count(i => original[i] != output[i]);
        Assert.Equal(systemHasIt ? 0 : 1, differing);
    }
}
