namespace ActiveLab.Core;

/// <summary>
/// Invalid input to an ActiveLab algorithm (bad label, probability row, shape…). Carries which input was wrong and,
/// where known, the 0-based row and column, so a caller reading files can point at the exact cell.
/// </summary>
public sealed class ActiveLabInputException : ArgumentException
{
    public ActiveLabInputException(string message, string input, int? row = null, int? column = null)
        : base(message)
    {
        Input = input;
        Row = row;
        Column = column;
    }

    /// <summary>Which input was wrong, e.g. "labels", "predProbs", "predProbsUnlabeled".</summary>
    public string Input { get; }

    /// <summary>0-based row of the offending value, when the problem is one row.</summary>
    public int? Row { get; }

    /// <summary>0-based column of the offending value, when the problem is one cell or column.</summary>
    public int? Column { get; }
}
