using ActiveLab.Core.Randomness;
using ActiveLab.Core.Validation;

namespace ActiveLab.Core.Consensus;

/// <summary>
/// CROWDLAB consensus labels and their quality (cleanlab <c>get_label_quality_multiannotator</c> with
/// consensus_method = "best_quality", quality_method = "crowdlab"; spec §4.2–4.4). A single model is the
/// one-member case of the ensemble: every formula coincides.
/// </summary>
public static class Crowdlab
{
    /// <summary>Lower clip used throughout cleanlab (CLIPPING_LOWER_BOUND).</summary>
    public const double ClippingLowerBound = 1e-6;

    /// <summary>
    /// CROWDLAB with one model. <paramref name="labels"/>: N × M annotations; <paramref name="predProbs"/>: N × K
    /// probabilities, used as given (temperature-scale them first where the flow says so). Validates its inputs.
    /// </summary>
    public static CrowdlabResult GetLabelQuality(LabelMatrix labels, Matrix predProbs, Rng? tieBreakRng = null)
        => GetLabelQualityEnsemble(labels, [predProbs], tieBreakRng);

    /// <summary>
    /// CROWDLAB with an ensemble of models (spec §4.4): one weight per member, majority-vote ties broken with the
    /// unweighted member mean. Each member is N × K.
    /// </summary>
    public static CrowdlabResult GetLabelQualityEnsemble(LabelMatrix labels, IReadOnlyList<Matrix> members, Rng? tieBreakRng = null)
    {
        if (members.Count == 0) throw new ArgumentException("at least one model is needed", nameof(members));
        int k = members[0].Columns;
        for (int p = 0; p < members.Count; p++)
            InputValidation.ProbabilityMatrix(members[p], "predProbs", labels.Rows, k);
        InputValidation.Labels(labels, k);

        var tieBreakProbs = members.Count == 1 ? members[0] : MemberMean(members);
        var mv = MajorityVote.Compute(labels, tieBreakProbs, tieBreakRng);
        var sj = AnnotatorAgreementWithAnnotators(labels);

        var first = Pass(labels, members, mv, sj);
        var best = new int[labels.Rows];
        for (int i = 0; i < best.Length; i++)
        {
            var row = first.Posterior.ReadRow(i);
            int arg = MathUtil.ArgMax(row);
            double max = row[arg];
            int ties = 0;
            foreach (double v in row) if (v == max) ties++;
            best[i] = ties == 1 ? arg : mv[i];
        }
        var second = Pass(labels, members, best, sj);
        return new CrowdlabResult(best, second.Quality, second.Agreement, second.Posterior,
            second.ModelWeights, second.AnnotatorWeights, second.Statistics);
    }

    /// <summary>Unweighted mean of the members' probabilities (sum in member order, then divide).</summary>
    public static Matrix MemberMean(IReadOnlyList<Matrix> members)
    {
        var mean = members[0].Clone();
        for (int p = 1; p < members.Count; p++)
        {
            var src = members[p].Data;
            for (int x = 0; x < src.Length; x++) mean.Data[x] += src[x];
        }
        for (int x = 0; x < mean.Data.Length; x++) mean.Data[x] /= members.Count;
        return mean;
    }

    /// <summary>
    /// s_j: agreement of annotator j with the other annotators of the rows it labeled (spec §4.2 step 5);
    /// columns with no co-annotated row get the mean of the others. Depends only on A.
    /// </summary>
    public static double[] AnnotatorAgreementWithAnnotators(LabelMatrix labels)
    {
        int m = labels.Columns;
        var num = new double[m];
        var den = new double[m];
        for (int i = 0; i < labels.Rows; i++)
        {
            int n = labels.CountInRow(i);
            if (n <= 1) continue;
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            for (int e = 0; e < n; e++)
            {
                int same = 0;
                for (int f = 0; f < n; f++) if (labs[f] == labs[e]) same++;
                // Per-example agreement (same−1)/(n−1), averaged with weight n−1 — as cleanlab computes it.
                num[cols[e]] += (double)(same - 1) / (n - 1) * (n - 1);
                den[cols[e]] += n - 1;
            }
        }
        var s = new double[m];
        double sum = 0;
        int known = 0;
        for (int j = 0; j < m; j++)
        {
            s[j] = den[j] == 0 ? double.NaN : num[j] / den[j];
            if (!double.IsNaN(s[j])) { sum += s[j]; known++; }
        }
        double mean = sum / known;
        for (int j = 0; j < m; j++) if (double.IsNaN(s[j])) s[j] = mean;
        return s;
    }

    private sealed record PassResult(
        double[] Agreement, double[] Quality, Matrix Posterior, double[] ModelWeights, double[] AnnotatorWeights,
        CrowdlabStatistics Statistics);

    /// <summary>Spec §4.2 for a given consensus vector c.</summary>
    private static PassResult Pass(LabelMatrix labels, IReadOnlyList<Matrix> members, int[] c, double[] sj)
    {
        int n = labels.Rows, k = members[0].Columns, m = labels.Columns;

        // a_i and the multi-annotated set I+.
        var agreement = new double[n];
        double agreementSumMulti = 0, annotationsSum = 0;
        int multi = 0;
        var classCountsMulti = new int[k];
        for (int i = 0; i < n; i++)
        {
            var labs = labels.LabelsOfRow(i);
            int same = 0;
            foreach (int l in labs) if (l == c[i]) same++;
            agreement[i] = (double)same / labs.Length;
            annotationsSum += labs.Length;
            if (labs.Length != 1)
            {
                multi++;
                agreementSumMulti += agreement[i];
                classCountsMulti[c[i]]++;
            }
        }
        if (multi == 0)
            throw new ActiveLabInputException("no example has more than one label; CROWDLAB needs some multi-annotated examples", "labels");

        double likelihood = agreementSumMulti / multi;
        double nonLikelihood = (1 - likelihood) / (k - 1);
        int mlc = MathUtil.ArgMax(classCountsMulti);
        double mlcError = Math.Max((double)(multi - classCountsMulti[mlc]) / multi, ClippingLowerBound);

        var annotatorWeights = new double[m];
        for (int j = 0; j < m; j++)
            annotatorWeights[j] = Math.Max(1 - (1 - sj[j]) / mlcError, ClippingLowerBound);

        double sqrtMeanAnnotations = Math.Sqrt(annotationsSum / n);
        var modelErrors = new double[members.Count];
        var modelWeights = new double[members.Count];
        for (int p = 0; p < members.Count; p++)
        {
            int wrong = 0;
            for (int i = 0; i < n; i++)
                if (labels.CountInRow(i) != 1 && members[p].ArgMaxOfRow(i) != c[i]) wrong++;
            modelErrors[p] = (double)wrong / multi;
            modelWeights[p] = Math.Max(1 - modelErrors[p] / mlcError, ClippingLowerBound) * sqrtMeanAnnotations;
        }
        double modelWeightSum = 0;
        foreach (double w in modelWeights) modelWeightSum += w;

        // Posterior: (Σ_p w_p P^p_ik + Σ_{j∈J_i} w_j·(𝒫 if A_ij = k else (1−𝒫)/(K−1))) / (Σ_{j∈J_i} w_j + Σ_p w_p).
        var post = new Matrix(n, k);
        var pd = post.Data;
        var quality = new double[n];
        for (int i = 0; i < n; i++)
        {
            var cols = labels.ColumnsOfRow(i);
            var labs = labels.LabelsOfRow(i);
            double annotationWeight = 0;
            foreach (int j in cols) annotationWeight += annotatorWeights[j];
            double total = annotationWeight + modelWeightSum;
            int o = i * k;
            for (int cls = 0; cls < k; cls++)
            {
                double v = members[0].Data[o + cls] * modelWeights[0];
                for (int p = 1; p < members.Count; p++) v += members[p].Data[o + cls] * modelWeights[p];
                for (int e = 0; e < cols.Length; e++)
                {
                    double w = annotatorWeights[cols[e]];
                    v += labs[e] == cls ? w * likelihood : w * nonLikelihood;
                }
                pd[o + cls] = v / total;
            }
            quality[i] = pd[o + c[i]];
        }

        var stats = new CrowdlabStatistics(likelihood, mlc, mlcError, sj, modelErrors);
        return new PassResult(agreement, quality, post, modelWeights, annotatorWeights, stats);
    }
}
