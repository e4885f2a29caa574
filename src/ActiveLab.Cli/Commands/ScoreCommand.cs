using System.ComponentModel;
using ActiveLab.Cli.Io;
using ActiveLab.Core;
using ActiveLab.Core.Scoring;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ActiveLab.Cli.Commands;

/// <summary>
/// <c>activelab score</c>: scores a user's own annotations the way cleanlab does (consensus label, consensus quality,
/// annotator agreement, ActiveLab score) and writes one row per example to CSV or Parquet.
/// </summary>
public sealed class ScoreCommand : AsyncCommand<ScoreCommand.Settings>
{
    /// <summary>One-paragraph description shown by <c>activelab --help</c> and <c>activelab score --help</c>.</summary>
    public const string Description =
        "Score examples with ActiveLab: consensus label, consensus quality, annotator agreement and active learning " +
        "score (lower = label it next). Writes one row per example, labeled first, then unlabeled (their consensus " +
        "columns are left empty: no annotator labeled them). Exit code 2 = bad arguments or input (one error line " +
        "naming file, line and column, nothing written), 1 = other failure.";

    private readonly CliIo _io;

    public ScoreCommand(CliIo io) => _io = io;

    /// <summary>Options of <c>activelab score</c>.</summary>
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--labels <L.CSV>")]
        [Description("Required. Annotations: header of annotator ids, one row per labeled example, labels 0..K-1, empty = no label.")]
        public string? Labels { get; init; }

        [CommandOption("--pred-probs <P.CSV>")]
        [Description("Required. Out-of-sample predicted probabilities of the labeled examples: header of class names, same rows as L.")]
        public string? PredProbs { get; init; }

        [CommandOption("--unlabeled-pred-probs <Q.CSV>")]
        [Description("Predicted probabilities of unlabeled examples (same header as P). Their output rows have only active_learning_score; consensus columns are left empty.")]
        public string? UnlabeledPredProbs { get; init; }

        [CommandOption("--out <PATH>")]
        [Description("Required. Output file (.parquet = Parquet, otherwise CSV unless --format says). Replaced atomically; never left half-written.")]
        public string? Out { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("csv or parquet. Default: from the --out extension.")]
        public string? Format { get; init; }

        [CommandOption("--variant <VARIANT>")]
        [Description("library (cleanlab v2.3.0, default) or benchmark (the ActiveLab benchmark's own flow).")]
        public string? Variant { get; init; }

        [CommandOption("--round <T>")]
        [Description("Benchmark variant: the round t whose row the faithful row-weight bug reads. Default 0.")]
        public int? Round { get; init; }

        [CommandOption("--per-row-weights")]
        [Description("Benchmark variant: use per-row weights instead of reproducing the row-weight bug.")]
        public bool PerRowWeights { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Seed of majority vote's random tie-break. Default 0.")]
        public ulong Seed { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Labels)) return ValidationResult.Error("--labels is required");
            if (string.IsNullOrWhiteSpace(PredProbs)) return ValidationResult.Error("--pred-probs is required");
            if (string.IsNullOrWhiteSpace(Out)) return ValidationResult.Error("--out is required");
            if (UnlabeledPredProbs is not null && string.IsNullOrWhiteSpace(UnlabeledPredProbs))
                return ValidationResult.Error("--unlabeled-pred-probs needs a file name");
            if (Format is not null && ParseFormat(Format) is null)
                return ValidationResult.Error($"--format must be csv or parquet, not {CliText.Quote(Format)}");
            if (Variant is not null && ParseVariant(Variant) is null)
                return ValidationResult.Error($"--variant must be library or benchmark, not {CliText.Quote(Variant)}");
            if (Round is < 0) return ValidationResult.Error("--round must be 0 or more");
            if (ScoreVariantOrDefault != ScoreVariant.Benchmark && (Round is not null || PerRowWeights))
                return ValidationResult.Error("--round and --per-row-weights apply only to --variant benchmark");

            string output = Path.GetFullPath(Out);
            foreach (var input in new[] { Labels, PredProbs, UnlabeledPredProbs })
            {
                if (input is not null && string.Equals(Path.GetFullPath(input), output, StringComparison.Ordinal))
                    return ValidationResult.Error($"--out {Out} would overwrite the input file {input}");
            }
            return ValidationResult.Success();
        }

        /// <summary>The output format: --format, else from the --out extension.</summary>
        public TableFormat OutputFormat =>
            Format is not null ? ParseFormat(Format) ?? TableFormat.Csv
            : string.Equals(Path.GetExtension(Out), ".parquet", StringComparison.OrdinalIgnoreCase) ? TableFormat.Parquet
            : TableFormat.Csv;

        public ScoreVariant ScoreVariantOrDefault => Variant is null ? ScoreVariant.Library : ParseVariant(Variant) ?? ScoreVariant.Library;

        public ScoreOptions ToScoreOptions() => new(
            Variant: ScoreVariantOrDefault,
            Round: Round ?? 0,
            RowWeightBug: !PerRowWeights,
            TieBreakSeed: Seed);

        private static TableFormat? ParseFormat(string value) => value.Trim().ToLowerInvariant() switch
        {
            "csv" => TableFormat.Csv,
            "parquet" => TableFormat.Parquet,
            _ => null,
        };

        private static ScoreVariant? ParseVariant(string value) => value.Trim().ToLowerInvariant() switch
        {
            "library" => ScoreVariant.Library,
            "benchmark" => ScoreVariant.Benchmark,
            _ => null,
        };
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ScoreTable table;
        try
        {
            table = Score(settings);
        }
        catch (CliInputException e)
        {
            _io.WriteError(e.Message);
            return ExitCodes.BadInput;
        }
        catch (IOException e)
        {
            _io.WriteError(e.Message);
            return ExitCodes.Failure;
        }

        string output = settings.Out!;
        try
        {
            await AtomicFile.WriteAsync(output,
                (stream, ct) => ScoreTableWriter.WriteAsync(table, settings.OutputFormat, stream, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _io.WriteError($"cannot write {output}: {e.Message}");
            return ExitCodes.Failure;
        }

        _io.Out.WriteLine(
            $"wrote {table.Rows.Count} rows ({table.LabeledCount} labeled, {table.UnlabeledCount} unlabeled) " +
            $"to {output} ({settings.OutputFormat.ToString().ToLowerInvariant()})");
        _io.Out.Flush();
        return ExitCodes.Ok;
    }

    /// <summary>Reads and validates every input, then scores with Core. Nothing is written here.</summary>
    internal static ScoreTable Score(Settings settings)
    {
        string outDir = Path.GetDirectoryName(Path.GetFullPath(settings.Out!))!;
        if (!Directory.Exists(outDir))
            throw new CliInputException($"--out {settings.Out}: directory {outDir} does not exist");

        var p = ProbabilitiesCsvReader.Read(settings.PredProbs!, settings.PredProbs!, like: null, requireRows: true);
        var l = LabelsCsvReader.Read(settings.Labels!, settings.Labels!, p.Classes, p.File);
        if (l.Rows != p.Rows)
            throw CliInputException.At(l.File, null, null,
                $"{l.Rows} data rows but {p.File} has {p.Rows} (one row per labeled example, in the same order)");
        var options = settings.ToScoreOptions();
        if (options.Variant == ScoreVariant.Benchmark && options.RowWeightBug && options.Round >= l.Rows)
            throw new CliInputException(
                $"--round {options.Round} is out of range: the row-weight bug reads row t of {l.File}, which has {l.Rows} data rows (t = 0..{l.Rows - 1})");
        ProbabilitiesTable? q = settings.UnlabeledPredProbs is { } qPath
            ? ProbabilitiesCsvReader.Read(qPath, qPath, like: p, requireRows: false)
            : null;

        ExampleScores scores;
        try
        {
            scores = ExampleScoring.Score(l.Labels, p.Values, q is { Rows: > 0 } ? q.Values : null, options);
        }
        catch (ActiveLabInputException e)
        {
            throw MapCoreError(e, l, p, q);
        }
        return ScoreTable.From(scores, l.Rows, q?.Rows ?? 0);
    }

    /// <summary>
    /// Turns Core's <see cref="ActiveLabInputException"/> into the one-line file/line/column form: row r of an input
    /// is the line of its r-th data row (r + 2 with the header on line 1), column c is the header name.
    /// </summary>
    internal static CliInputException MapCoreError(ActiveLabInputException e, LabelsTable labels,
        ProbabilitiesTable predProbs, ProbabilitiesTable? unlabeled)
    {
        (string File, CsvHeader Header, int[] Lines)? source = e.Input switch
        {
            "labels" => (labels.File, labels.Header, labels.Lines),
            "predProbs" => (predProbs.File, predProbs.Header, predProbs.Lines),
            "predProbsUnlabeled" when unlabeled is not null => (unlabeled.File, unlabeled.Header, unlabeled.Lines),
            _ => null,
        };
        if (source is not { } s) return new CliInputException(e.Message);

        int? line = e.Row is int r ? (r >= 0 && r < s.Lines.Length ? s.Lines[r] : s.Header.Line + 1 + r) : null;
        string? column = e.Column is int c ? CliText.ColumnName(s.Header.Names, c) : null;
        return CliInputException.At(s.File, line, column, e.Message);
    }
}
