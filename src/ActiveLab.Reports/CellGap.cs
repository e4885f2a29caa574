namespace ActiveLab.Reports;

/// <summary>A cell of the sweep's manifest whose rounds are not all in the results (a partial or failed sweep).</summary>
/// <param name="Dataset">Dataset of the cell.</param>
/// <param name="Method">Method of the cell.</param>
/// <param name="Model">Model of the cell.</param>
/// <param name="Repeat">Repeat index of the cell.</param>
/// <param name="RoundsPresent">Rounds found in the results (0 = none).</param>
/// <param name="RoundsExpected">Rounds the sweep's config asks for.</param>
public sealed record CellGap(string Dataset, string Method, string Model, int Repeat, int RoundsPresent, int RoundsExpected);
