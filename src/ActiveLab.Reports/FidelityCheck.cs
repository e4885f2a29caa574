namespace ActiveLab.Reports;

/// <summary>One fidelity bar of the reproduction (issue #5) and whether this sweep's results meet it.</summary>
/// <param name="Group">The (dataset · model) group checked.</param>
/// <param name="Claim">What must hold, e.g. "ActiveLab final model accuracy within ±0.02 of the paper".</param>
/// <param name="Passed">Whether it holds.</param>
/// <param name="Evidence">The numbers behind the verdict.</param>
public sealed record FidelityCheck(string Group, string Claim, bool Passed, string Evidence);
