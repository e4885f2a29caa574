using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Schema;

namespace ActiveLab.Cli.Io;

/// <summary>Output format of the score table.</summary>
public enum TableFormat
{
    Csv,
    Parquet,
}

/// <summary>
/// Writes a <see cref="ScoreTable"/> as CSV (UTF-8 without BOM, <c>\n</c> line ends, doubles in round-trip
/// <c>"R"</c> invariant format, empty cell = no value) or as Parquet (one row group; <c>pool</c> string,
/// <c>index</c> int32, <c>consensus_label</c> optional int32, <c>consensus_quality_score</c> and
/// <c>annotator_agreement</c> optional double, <c>active_learning_score</c> double).
/// </summary>
internal static class ScoreTableWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The Parquet schema of the score table.</summary>
    public static readonly ParquetSchema ParquetSchema = new(
        new DataField<string>("pool", nullable: false),
        new DataField<int>("index"),
        new DataField<int?>("consensus_label"),
        new DataField<double?>("consensus_quality_score"),
        new DataField<double?>("annotator_agreement"),
        new DataField<double>("active_learning_score"));

    public static Task WriteAsync(ScoreTable table, TableFormat format, Stream stream, CancellationToken cancellationToken) =>
        format switch
        {
            TableFormat.Csv => WriteCsvAsync(table, stream, cancellationToken),
            TableFormat.Parquet => WriteParquetAsync(table, stream, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };

    /// <summary>Formats a double so that parsing it back gives the same value.</summary>
    public static string FormatDouble(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static async Task WriteCsvAsync(ScoreTable table, Stream stream, CancellationToken cancellationToken)
    {
        var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteLineAsync(string.Join(',', ScoreTable.Columns)).ConfigureAwait(false);
            var line = new StringBuilder();
            foreach (var row in table.Rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                line.Clear()
                    .Append(row.Pool).Append(',')
                    .Append(row.Index.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(row.ConsensusLabel?.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(row.ConsensusQualityScore is double q ? FormatDouble(q) : null).Append(',')
                    .Append(row.AnnotatorAgreement is double a ? FormatDouble(a) : null).Append(',')
                    .Append(FormatDouble(row.ActiveLearningScore));
                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task WriteParquetAsync(ScoreTable table, Stream stream, CancellationToken cancellationToken)
    {
        var rows = table.Rows;
        var fields = ParquetSchema.DataFields;
        var writer = await ParquetWriter.CreateAsync(ParquetSchema, stream, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(fields[0], rows.Select(r => r.Pool).ToArray()).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[1], rows.Select(r => r.Index).ToArray(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(fields[2], rows.Select(r => r.ConsensusLabel).ToArray(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(fields[3], rows.Select(r => r.ConsensusQualityScore).ToArray(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(fields[4], rows.Select(r => r.AnnotatorAgreement).ToArray(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<double>(fields[5], rows.Select(r => r.ActiveLearningScore).ToArray(),
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
