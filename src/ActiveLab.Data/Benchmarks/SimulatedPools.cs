using ActiveLab.Core;

namespace ActiveLab.Data;

/// <summary>
/// The pools of the spec §1.4 recipe, indexed against the train rows it was given: which train rows are labeled at
/// round 0 and which form the unlabeled pool, their complete label matrices, and the visible labels of the labeled rows.
/// </summary>
/// <param name="LabeledRows">Train-row indices of the labeled set L (length N_L, permutation order).</param>
/// <param name="UnlabeledRows">Train-row indices of the unlabeled pool U (length N_U).</param>
/// <param name="CompleteLabeled">N_L × M complete labels (the re-labeling pool of L).</param>
/// <param name="CompleteUnlabeled">N_U × M complete labels (the pool of U).</param>
/// <param name="Visible">N_L × M labels visible at round 0 (a sparsified copy of <paramref name="CompleteLabeled"/>).</param>
public sealed record SimulatedPools(int[] LabeledRows, int[] UnlabeledRows, LabelMatrix CompleteLabeled,
    LabelMatrix CompleteUnlabeled, LabelMatrix Visible);
