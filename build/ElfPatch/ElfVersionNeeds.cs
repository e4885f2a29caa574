// ELF version-need patcher: marks one versioned dependency of a shared library as weak.
//
// This one file is compiled twice:
//   * by MSBuild's RoslynCodeTaskFactory (build/TorchSharp.targets) into the WeakenElfVersionNeed build task, which is
//     why it sticks to netstandard2.0 APIs and C# that needs no newer runtime; and
//   * into tests/ActiveLab.Models.Torch.Tests with ACTIVELAB_ELFPATCH_NO_MSBUILD defined (no MSBuild assemblies
//     there), so the patch logic is unit-tested on a copy of the real libLibTorchSharp.so.
//
// Why: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++, whose <iostream> plants a
// reference to the marker symbol std::ios_base_library_init (version GLIBCXX_3.4.32) in every object that includes it.
// The marker is never called (no relocation points at it); it only records "needs GLIBCXX_3.4.32" in .gnu.version_r.
// Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the dynamic loader refuses the whole library. Setting
// VER_FLG_WEAK on that one Vernaux entry tells ld.so that a missing version is not fatal; when the version exists
// (Ubuntu 24.04, Debian 13, ...) nothing changes. The patch is refused unless the only symbols bound to the version
// are known markers and no relocation references them, so it can never hide a function that is really called.
//
// ELF background (System V gABI + the GNU symbol-versioning extension, 64-bit little-endian only):
//   .gnu.version_r (SHT_GNU_verneed) is a chain of Verneed records, one per needed library:
//       Elf64_Verneed { u16 vn_version; u16 vn_cnt; u32 vn_file; u32 vn_aux; u32 vn_next; }    16 bytes
//     each followed (vn_aux bytes after it) by a chain of vn_cnt Vernaux records, one per needed version:
//       Elf64_Vernaux { u32 vna_hash; u16 vna_flags; u16 vna_other; u32 vna_name; u32 vna_next; }    16 bytes
//     vn_file and vna_name are offsets into the string table named by the section's sh_link (.dynstr);
//     vna_other is the version index that .gnu.version uses for symbols bound to this version;
//     vna_flags bit 0x2 is VER_FLG_WEAK.
//   .gnu.version_d (SHT_GNU_verdef) lists the versions a library defines (used to check the system libstdc++):
//       Elf64_Verdef  { u16 vd_version; u16 vd_flags; u16 vd_ndx; u16 vd_cnt; u32 vd_hash; u32 vd_aux; u32 vd_next; }
//       Elf64_Verdaux { u32 vda_name; u32 vda_next; }
//   .gnu.version (SHT_GNU_versym) holds one u16 per .dynsym entry (bit 15 = hidden, low 15 bits = version index).
//   .rela.* / .rel.* (SHT_RELA / SHT_REL) entries name their symbol in the high 32 bits of r_info.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace ActiveLab.Build.ElfPatch
{
    /// <summary>One needed version of one needed library (a Vernaux entry of .gnu.version_r).</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string library, string version, ushort flags, ushort index, long flagsOffset)
        {
            Library = library;
            Version = version;
            Flags = flags;
            Index = index;
            FlagsOffset = flagsOffset;
        }

        /// <summary>The needed library's file name (vn_file), e.g. "libstdc++.so.6".</summary>
        public string Library { get; }

        /// <summary>The version name (vna_name), e.g. "GLIBCXX_3.4.32".</summary>
        public string Version { get; }

        /// <summary>vna_flags; <see cref="ElfVersionNeeds.VerFlagWeak"/> marks the need as weak.</summary>
        public ushort Flags { get; }

        /// <summary>vna_other: the index .gnu.version uses for symbols bound to this version.</summary>
        public ushort Index { get; }

        /// <summary>File offset of the 16-bit vna_flags field.</summary>
        public long FlagsOffset { get; }

        /// <summary>True when VER_FLG_WEAK is set.</summary>
        public bool IsWeak => (Flags & ElfVersionNeeds.VerFlagWeak) != 0;
    }

    /// <summary>What <see cref="ElfVersionNeeds.CopyWithWeakVersionNeed"/> did.</summary>
    public enum ElfPatchOutcome
    {
        /// <summary>The library does not need that version: copied unchanged.</summary>
        NotNeeded,

        /// <summary>The need was already weak: copied unchanged.</summary>
        AlreadyWeak,

        /// <summary>The copy has VER_FLG_WEAK set on the need (only the vna_flags byte differs from the source).</summary>
        Patched,
    }

    /// <summary>Reads version needs/definitions of 64-bit little-endian ELF files and weakens one version need.</summary>
    public static class ElfVersionNeeds
    {
        /// <summary>VER_FLG_WEAK (elf.h): a missing version of this need is not fatal.</summary>
        public const ushort VerFlagWeak = 0x2;

        /// <summary>Marker symbols that libstdc++ headers reference only to record a version dependency.</summary>
        public static readonly string[] LibstdcxxMarkerSymbols = { "_ZSt21ios_base_library_initv" };

        private const uint ShtRela = 4, ShtDynsym = 11, ShtRel = 9;
        private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

        /// <summary>All Vernaux entries of .gnu.version_r, in file order (empty when the file has none).</summary>
        public static List<ElfVersionNeed> ReadVersionNeeds(byte[] elf)
        {
            var sections = ReadSections(elf);
            var result = new List<ElfVersionNeed>();
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerneed) continue;
                var strings = sections[(int)s.Link];
                long vn = s.Offset;
                for (uint i = 0; i < s.Info; i++)       // sh_info = number of Verneed records
                {
                    ushort count = U16(elf, vn + 2);
                    string file = CString(elf, strings.Offset + U32(elf, vn + 4));
                    long aux = vn + U32(elf, vn + 8);
                    for (int j = 0; j < count; j++)
                    {
                        ushort flags = U16(elf, aux + 4);
                        ushort index = U16(elf, aux + 6);
                        string name = CString(elf, strings.Offset + U32(elf, aux + 8));
                        result.Add(new ElfVersionNeed(file, name, flags, index, aux + 4));
                        uint nextAux = U32(elf, aux + 12);
                        if (nextAux == 0) break;
                        aux += nextAux;
                    }
                    uint next = U32(elf, vn + 12);
                    if (next == 0) break;
                    vn += next;
                }
            }
            return result;
        }

        /// <summary>The version names a library defines in .gnu.version_d (e.g. GLIBCXX_3.4.30 for libstdc++).</summary>
        public static List<string> ReadVersionDefinitions(byte[] elf)
        {
            var sections = ReadSections(elf);
            var result = new List<string>();
            foreach (var s in sections)
            {
                if (s.Type != ShtGnuVerdef) continue;
                var strings = sections[(int)s.Link];
                long vd = s.Offset;
                for (uint i = 0; i < s.Info; i++)       // sh_info = number of Verdef records
                {
                    // The first Verdaux of a Verdef is the version's own name; later ones name its parents.
                    long aux = vd + U32(elf, vd + 12);
                    result.Add(CString(elf, strings.Offset + U32(elf, aux)));
                    uint next = U32(elf, vd + 16);
                    if (next == 0) break;
                    vd += next;
                }
            }
            return result;
        }

        /// <summary>Names of the .dynsym symbols whose .gnu.version index is <paramref name="versionIndex"/>.</summary>
        public static List<string> SymbolsWithVersion(byte[] elf, ushort versionIndex)
        {
            var sections = ReadSections(elf);
            var result = new List<string>();
            Section? dynsym = null, versym = null;
            foreach (var s in sections)
            {
                if (s.Type == ShtDynsym) dynsym = s;
                else if (s.Type == ShtGnuVersym) versym = s;
            }
            if (dynsym == null || versym == null) return result;
            var strings = sections[(int)dynsym.Link];
            long count = dynsym.Size / 24;
            for (long i = 0; i < count; i++)
            {
                if ((U16(elf, versym.Offset + 2 * i) & 0x7fff) != versionIndex) continue;
                result.Add(CString(elf, strings.Offset + U32(elf, dynsym.Offset + 24 * i)));
            }
            return result;
        }

        /// <summary>Number of dynamic relocations (all SHT_RELA/SHT_REL sections over .dynsym) that reference a
        /// symbol whose version index is <paramref name="versionIndex"/>.</summary>
        public static int RelocationsAgainstVersion(byte[] elf, ushort versionIndex)
        {
            var sections = ReadSections(elf);
            Section? versym = null;
            foreach (var s in sections) if (s.Type == ShtGnuVersym) versym = s;
            if (versym == null) return 0;
            int hits = 0;
            foreach (var s in sections)
            {
                if (s.Type != ShtRela && s.Type != ShtRel) continue;
                if (s.Link >= sections.Count || sections[(int)s.Link].Type != ShtDynsym) continue;
                long entry = s.Type == ShtRela ? 24 : 16;
                for (long off = s.Offset; off + entry <= s.Offset + s.Size; off += entry)
                {
                    long symbol = (long)(U64(elf, off + 8) >> 32);
                    if (symbol == 0) continue;
                    if ((U16(elf, versym.Offset + 2 * symbol) & 0x7fff) == versionIndex) hits++;
                }
            }
            return hits;
        }

        /// <summary>
        /// Copies <paramref name="source"/> to <paramref name="destination"/>, setting VER_FLG_WEAK on the need of
        /// <paramref name="version"/> from <paramref name="library"/> in the copy. The source is only read. The
        /// destination is deleted and written anew (so a hard link to the source is never written through).
        /// Throws <see cref="InvalidDataException"/> and writes nothing when the version binds a symbol outside
        /// <paramref name="allowedSymbols"/> or a relocation uses such a symbol (weakening would hide a real need).
        /// </summary>
        public static ElfPatchOutcome CopyWithWeakVersionNeed(string source, string destination, string library,
            string version, IEnumerable<string> allowedSymbols)
        {
            byte[] elf = File.ReadAllBytes(source);
            ElfVersionNeed? need = null;
            foreach (var n in ReadVersionNeeds(elf))
                if (n.Library == library && n.Version == version) need = n;

            var outcome = ElfPatchOutcome.NotNeeded;
            if (need != null && need.IsWeak)
            {
                outcome = ElfPatchOutcome.AlreadyWeak;
            }
            else if (need != null)
            {
                var allowed = new HashSet<string>(allowedSymbols);
                foreach (string symbol in SymbolsWithVersion(elf, need.Index))
                {
                    if (!allowed.Contains(symbol))
                        throw new InvalidDataException($"{source}: {version} binds symbol '{symbol}', which may really be " +
                            "called; refusing to make the version weak");
                }
                int relocations = RelocationsAgainstVersion(elf, need.Index);
                if (relocations != 0)
                    throw new InvalidDataException($"{source}: {relocations} relocation(s) use symbols of {version}; " +
                        "refusing to make the version weak");
                ushort flags = (ushort)(need.Flags | VerFlagWeak);
                elf[need.FlagsOffset] = (byte)flags;
                elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                outcome = ElfPatchOutcome.Patched;
            }

            string? directory = Path.GetDirectoryName(Path.GetFullPath(destination));
            if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
            if (File.Exists(destination)) File.Delete(destination);
            File.WriteAllBytes(destination, elf);
            return outcome;
        }

        /// <summary>
        /// The first existing <paramref name="soname"/> (e.g. "libstdc++.so.6") in the usual system library folders of
        /// Debian/Ubuntu (multiarch), Fedora/RHEL (lib64) and others; null when none exists (e.g. not on Linux).
        /// </summary>
        public static string? FindSystemLibrary(string soname)
        {
            string[] folders =
            {
                "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            };
            foreach (string folder in folders)
            {
                string path = Path.Combine(folder, soname);
                if (File.Exists(path)) return path;
            }
            return null;
        }

        /// <summary>True when the ELF library at <paramref name="path"/> defines <paramref name="version"/>.</summary>
        public static bool DefinesVersion(string path, string version) =>
            ReadVersionDefinitions(File.ReadAllBytes(path)).Contains(version);

        private sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
        }

        private static List<Section> ReadSections(byte[] elf)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF files are supported");
            long shoff = (long)U64(elf, 0x28);
            ushort shentsize = U16(elf, 0x3a), shnum = U16(elf, 0x3c);
            if (shoff == 0 || shnum == 0 || shentsize < 64)
                throw new InvalidDataException("the ELF file has no section headers");
            var sections = new List<Section>(shnum);
            for (int i = 0; i < shnum; i++)
            {
                long h = shoff + (long)i * shentsize;
                sections.Add(new Section
                {
                    Type = U32(elf, h + 4),
                    Offset = (long)U64(elf, h + 24),
                    Size = (long)U64(elf, h + 32),
                    Link = U32(elf, h + 40),
                    Info = U32(elf, h + 44),
                });
            }
            return sections;
        }

        private static void Check(byte[] elf, long offset, int length)
        {
            if (offset < 0 || offset + length > elf.Length)
                throw new InvalidDataException($"ELF structure points outside the file (offset {offset})");
        }

        private static ushort U16(byte[] b, long o)
        {
            Check(b, o, 2);
            return (ushort)(b[o] | b[o + 1] << 8);
        }

        private static uint U32(byte[] b, long o)
        {
            Check(b, o, 4);
            return (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        }

        private static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;

        private static string CString(byte[] b, long o)
        {
            Check(b, o, 1);
            long end = o;
            while (end < b.Length && b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)o, (int)(end - o));
        }
    }

#if !ACTIVELAB_ELFPATCH_NO_MSBUILD
    /// <summary>
    /// MSBuild task (see build/TorchSharp.targets): copies <see cref="Source"/> to <see cref="Destination"/> and, unless
    /// <see cref="Mode"/> says otherwise, marks the need of <see cref="Version"/> from <see cref="Library"/> weak in the
    /// copy. Mode "auto" patches only when the build machine's <see cref="Library"/> lacks the version; "always"
    /// patches regardless; "never" copies unchanged.
    /// </summary>
    public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required] public string Source { get; set; } = "";
        [Microsoft.Build.Framework.Required] public string Destination { get; set; } = "";
        public string Library { get; set; } = "libstdc++.so.6";
        public string Version { get; set; } = "GLIBCXX_3.4.32";
        public string Mode { get; set; } = "auto";

        /// <summary>True when the destination got the weak flag.</summary>
        [Microsoft.Build.Framework.Output] public bool Patched { get; set; }

        public override bool Execute()
        {
            try
            {
                bool patch;
                switch (Mode.ToLowerInvariant())
                {
                    case "always": patch = true; break;
                    case "never": patch = false; break;
                    case "auto":
                        string? system = ElfVersionNeeds.FindSystemLibrary(Library);
                        patch = system == null || !ElfVersionNeeds.DefinesVersion(system, Version);
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low,
                            $"WeakenElfVersionNeed: system {Library} = {system ?? "(none)"}; {(patch ? "lacks" : "defines")} {Version}");
                        break;
                    default:
                        Log.LogError($"WeakenElfVersionNeed: unknown Mode '{Mode}' (expected auto, always or never)");
                        return false;
                }

                if (!patch)
                {
                    string? directory = Path.GetDirectoryName(Path.GetFullPath(Destination));
                    if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
                    if (File.Exists(Destination)) File.Delete(Destination);
                    File.Copy(Source, Destination);
                    Patched = false;
                    return true;
                }

                var outcome = ElfVersionNeeds.CopyWithWeakVersionNeed(Source, Destination, Library, Version,
                    ElfVersionNeeds.LibstdcxxMarkerSymbols);
                Patched = outcome == ElfPatchOutcome.Patched;
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                    $"WeakenElfVersionNeed: {Path.GetFileName(Destination)}: {Library} {Version} -> {outcome}");
                return true;
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                Log.LogError($"WeakenElfVersionNeed: {e.Message}");
                return false;
            }
        }
    }
#endif
}
