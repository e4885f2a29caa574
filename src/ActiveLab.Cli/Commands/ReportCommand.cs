using System.ComponentModel;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Reports;
using ActiveLab.Results;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab report</c>: figures (PNG), a Markdown/HTML report with final-round tables next to the paper's values,
/// fidelity checks and a curves CSV, from a sweep's Parquet results only — finished or partial.
/// </summary>
public sealed class ReportCommand : Command<ReportCommand.Settings>
{
    public const string Description =
        "Write a sweep's report from its Parquet results: per dataset × model, model and consensus-label accuracy vs " +
        "round (mean ± std over repeats, one line per method, the paper's values dashed), final-round tables against " +
        "the published results, fidelity checks, report.md / report.html / curves.csv. Works on partial sweeps.";

    private readonly CliIo _io;

    public ReportCommand(CliIo io) => _io = io;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--results <SWEEP_DIR>")]
        [Description("Required. The sweep's results folder, e.g. results/wall-robot-et.")]
        public string? Results { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Report folder (default: <SWEEP_DIR>/report).")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Results) ? ValidationResult.Error("--results is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        string sweepDir = settings.Results!;
        string outDir = settings.Out ?? Path.Combine(sweepDir, "report");
        CheckOutFolder(outDir, settings.Out is null ? $"report folder {outDir}" : $"--out {settings.Out}");
        SweepResults sweep;
        try
        {
            sweep = SweepResults.Read(sweepDir, ExpectedRounds(sweepDir));
        }
        catch (Exception e) when (e is DirectoryNotFoundException or ResultFileException or InvalidDataException)
        {
            throw new CliInputException(e.Message);
        }
        if (sweep.Rows.Count == 0)
            throw new CliInputException($"{sweepDir}: no results yet (neither {SweepLayout.RoundsFileName} nor part files with rows)");

        var report = StudyReport.Analyze(sweep);
        ReportFiles files;
        try
        {
            files = ReportWriter.Write(report, outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _io.WriteError($"cannot write the report to {outDir}: {e.Message}");
            return ExitCodes.Failure;
        }

        _io.Out.WriteLine($"report of {sweep.SweepName}: {report.Groups.Count} group(s), {files.Figures.Count} figures, {sweep.Rows.Count} round rows from {sweep.Source}");
        if (!sweep.IsComplete)
            _io.Out.WriteLine($"partial sweep: {sweep.Gaps.Count} cell(s) missing rounds (listed in {ReportWriter.MarkdownFileName})");
        if (report.Fidelity.Count > 0)
            _io.Out.WriteLine($"fidelity: {report.Fidelity.Count(c => c.Passed)} of {report.Fidelity.Count} checks pass" +
                              string.Concat(report.Fidelity.Where(c => !c.Passed).Select(c => $"\n  miss: {c.Group}: {c.Claim} ({c.Evidence})")));
        _io.Out.WriteLine($"wrote {files.Markdown}, {files.Html}, {files.Curves}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The report folder must be a folder or creatable: a file at it, or at a folder above it, is bad input (checked
    /// before anything is read or written). <paramref name="shown"/> names it in the message.
    /// </summary>
    private static void CheckOutFolder(string outDir, string shown)
    {
        string full = Path.GetFullPath(outDir);
        if (File.Exists(full)) throw new CliInputException($"{shown} is a file, not a folder");
        for (string? d = Path.GetDirectoryName(full); d is not null; d = Path.GetDirectoryName(d))
        {
            if (File.Exists(d)) throw new CliInputException($"{shown}: {d} is a file, not a folder");
            if (Directory.Exists(d)) break;
        }
    }

    /// <summary>Rounds per dataset from the config stored in the manifest (null when it cannot be read).</summary>
    private static Func<string, int?>? ExpectedRounds(string sweepDir)
    {
        string path = SweepLayout.ManifestPath(sweepDir);
        if (!File.Exists(path)) return null;
        try
        {
            SweepConfig config = SweepConfig.Parse(SweepManifestFile.Read(path).ConfigText, path);
            return dataset => config.RoundsFor(dataset);
        }
        catch (Exception e) when (e is SweepConfigException or ResultFileException or FormatException)
        {
            return null;
        }
    }
}
