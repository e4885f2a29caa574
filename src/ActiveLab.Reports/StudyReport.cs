namespace ActiveLab.Reports;

/// <summary>Everything a report shows about one sweep: its groups (one per dataset × model) and the fidelity checks.</summary>
public sealed record StudyReport(SweepResults Sweep, IReadOnlyList<ResultGroup> Groups, IReadOnlyList<FidelityCheck> Fidelity)
{
    /// <summary>Summarises <paramref name="sweep"/> against <paramref name="reference"/> (default: the published tables).</summary>
    public static StudyReport Analyze(SweepResults sweep, ReferenceResults? reference = null)
    {
        reference ??= ReferenceResults.Published;
        var groups = ResultGroup.Build(sweep.Rows, reference);
        return new StudyReport(sweep, groups, groups.SelectMany(FidelityRules.Check).ToArray());
    }
}
