using ActiveLab.Core.Consensus;
using ActiveLab.Core.Metrics;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Scoring;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Rounds;

/// <summary>
/// The active-learning round of the paper's benchmarks as two pure steps around model training (spec §2.2–2.3,
/// §2.9–2.10): <see cref="Plan"/> forms the consensus and says what to train; <see cref="Complete"/> takes the
/// trainer's outputs, scores, selects, moves examples, simulates one annotation per selected example and returns the
/// round's result and the next state. All randomness comes from the streams passed in, so a run is a pure function
/// of its initial state, its context and its seeds.
/// </summary>
public static class RoundEngine
{
    /// <summary>Steps 1–2: consensus labels, pre-training metrics and training requests.</summary>
    public static RoundPlan Plan(RunState state, ActiveLearningMethod method, RoundContext context, Rng tieBreakRng)
    {
        var a = state.Labels;
        CrowdlabResult? crowdlab = null;
        double[] temperatures = [];
        int[] consensus;
        bool carried = state.Round > 0 && state.Carried is not null;

        switch (method.Consensus)
        {
            case ConsensusRule.BenchmarkCrowdlab when carried:
            {
                double t = TemperatureScaling.FindBestTemperature(a, state.Carried![0], TemperatureFlavour.Benchmark);
                crowdlab = Crowdlab.GetLabelQuality(a, TemperatureScaling.Scale(state.Carried[0], t, TemperatureFlavour.Benchmark), tieBreakRng);
                temperatures = [t];
                consensus = crowdlab.ConsensusLabel;
                break;
            }
            case ConsensusRule.BenchmarkCrowdlabEnsemble when carried:
            {
                var members = state.Carried!;
                temperatures = new double[members.Length];
                var scaled = new Matrix[members.Length];
                for (int p = 0; p < members.Length; p++)
                {
                    temperatures[p] = TemperatureScaling.FindBestTemperature(a, members[p], TemperatureFlavour.Benchmark);
                    scaled[p] = TemperatureScaling.Scale(members[p], temperatures[p], TemperatureFlavour.Benchmark);
                }
                crowdlab = Crowdlab.GetLabelQualityEnsemble(a, scaled, tieBreakRng);
                consensus = crowdlab.ConsensusLabel;
                break;
            }
            case ConsensusRule.LibraryCrowdlab when carried:
            {
                double t = TemperatureScaling.FindBestTemperature(a, state.Carried![0], TemperatureFlavour.V230);
                crowdlab = Crowdlab.GetLabelQuality(a, TemperatureScaling.Scale(state.Carried[0], t, TemperatureFlavour.V230), tieBreakRng);
                temperatures = [t];
                consensus = crowdlab.ConsensusLabel;
                break;
            }
            case ConsensusRule.MajorityVote when carried:
                consensus = MajorityVote.Compute(a, state.Carried![0], tieBreakRng);
                break;
            default:
                consensus = MajorityVote.Compute(a, null, tieBreakRng, context.NumClasses);
                break;
        }

        var truth = new int[a.Rows];
        for (int i = 0; i < truth.Length; i++) truth[i] = context.TrueLabelsById[state.LabeledIds[i]];
        double consensusAccuracy = RoundMetrics.ConsensusAccuracy(consensus, truth);
        double entropy = RoundMetrics.DistributionEntropy(a);

        var requests = new TrainingRequest[method.Members];
        for (int m = 0; m < requests.Length; m++)
            requests[m] = new TrainingRequest(m, state.LabeledIds, consensus, state.UnlabeledIds,
                FullFit: m == 0 && method.Accuracy == ModelAccuracyRule.FullFit);
        return new RoundPlan(consensus, consensusAccuracy, entropy, a.Count, requests, crowdlab, temperatures);
    }

    /// <summary>
    /// Steps 3–6 given the trainer's <paramref name="outputs"/> (one per request, in member order): scores,
    /// selection of the B lowest, pool update, one simulated annotation per selected example —
    /// <see cref="Score"/> followed by <see cref="Annotate"/>.
    /// </summary>
    public static (RoundResult Result, RunState Next) Complete(
        RunState state, ActiveLearningMethod method, RoundContext context, RoundPlan plan,
        IReadOnlyList<MemberOutputs> outputs, Rng scoreRng, Rng annotatorRng, Rng tieBreakRng)
        => Annotate(state, context, plan, Score(state, method, context, plan, outputs, scoreRng, tieBreakRng), annotatorRng);

    /// <summary>
    /// Steps 3–5: scores of every labeled and unlabeled example, the B lowest selected, the model accuracy of the
    /// round, and the probabilities carried to the next round (with the new picks' rows appended).
    /// </summary>
    public static RoundScoring Score(
        RunState state, ActiveLearningMethod method, RoundContext context, RoundPlan plan,
        IReadOnlyList<MemberOutputs> outputs, Rng scoreRng, Rng tieBreakRng)
    {
        var a = state.Labels;
        int n = a.Rows, nu = state.UnlabeledIds.Length, k = context.NumClasses, t = state.Round;
        CheckOutputs(outputs, method, n, nu, k, context.TestLabels.Length);
        var p0 = outputs[0];

        double[]? labeledScores = null;
        double[] unlabeledScores = [];
        double temperature = double.NaN;
        CrowdlabResult? crowdlab = plan.Crowdlab;
        Matrix[] carryBase;       // first N rows of the next Pprev, per member
        Matrix[] carryNewRows;    // rows appended for the new picks come from these (N_U × K), per member

        switch (method.Score)
        {
            case ScoreRule.BenchmarkActiveLab:
            {
                var p = p0.OutOfFold;
                if (t == 0 || crowdlab is null)
                {
                    temperature = TemperatureScaling.FindBestTemperature(a, p, TemperatureFlavour.Benchmark);
                    p = TemperatureScaling.Scale(p, temperature, TemperatureFlavour.Benchmark);
                    crowdlab = Crowdlab.GetLabelQuality(a, p, tieBreakRng);
                }
                else temperature = plan.Temperatures[0];
                labeledScores = ActiveLabScores.BenchmarkLabeled(a, crowdlab, t, context.RowWeightBug);
                var qs = TemperatureScaling.Scale(p0.Unlabeled, temperature, TemperatureFlavour.Benchmark);
                unlabeledScores = ActiveLabScores.BenchmarkUnlabeled(qs, crowdlab);
                carryBase = [p];
                carryNewRows = [qs];
                break;
            }
            case ScoreRule.BenchmarkActiveLabEnsemble:
            {
                var s = outputs.Select(o => o.OutOfFold).ToArray();
                if (t == 0 || crowdlab is null)
                {
                    for (int m = 0; m < s.Length; m++)
                        s[m] = TemperatureScaling.Scale(s[m], TemperatureScaling.FindBestTemperature(a, s[m], TemperatureFlavour.Benchmark), TemperatureFlavour.Benchmark);
                    crowdlab = Crowdlab.GetLabelQualityEnsemble(a, s, tieBreakRng);
                }
                var qs = new Matrix[s.Length];
                for (int m = 0; m < s.Length; m++)
                {
                    double tm = TemperatureScaling.FindBestTemperature(a, s[m], TemperatureFlavour.Benchmark);
                    if (m == 0) temperature = tm;
                    qs[m] = TemperatureScaling.Scale(outputs[m].Unlabeled, tm, TemperatureFlavour.Benchmark);
                }
                labeledScores = ActiveLabScores.BenchmarkLabeled(a, crowdlab, t, context.RowWeightBug);
                unlabeledScores = ActiveLabScores.BenchmarkEnsembleUnlabeled(qs, crowdlab, tieBreakRng);
                carryBase = s;
                carryNewRows = qs;
                break;
            }
            case ScoreRule.LibraryActiveLab:
            {
                var scores = ActiveLabScores.Library(a, p0.OutOfFold, p0.Unlabeled, tieBreakRng);
                (labeledScores, unlabeledScores, temperature) = (scores.Labeled, scores.Unlabeled, scores.Temperature);
                carryBase = [p0.OutOfFold];
                carryNewRows = [p0.Unlabeled];
                break;
            }
            default:
            {
                (labeledScores, unlabeledScores) = BaselineScores(method, a, outputs, nu, scoreRng);
                // MV family: Pprev = out-of-fold P (disagreement: the member mean), new rows from raw Q (member mean).
                carryBase = [method.Members == 1 ? p0.OutOfFold : Crowdlab.MemberMean(outputs.Select(o => o.OutOfFold).ToList())];
                carryNewRows = [method.Members == 1 ? p0.Unlabeled : Crowdlab.MemberMean(outputs.Select(o => o.Unlabeled).ToList())];
                break;
            }
        }

        double modelAccuracy = ModelAccuracy(method, outputs, crowdlab, context.TestLabels);

        var selected = !method.Relabel || labeledScores is null
            ? Selection.LowestScores([], unlabeledScores, context.Budget)
            : Selection.LowestScores(labeledScores, nu > 0 ? unlabeledScores : [], context.Budget);

        var carried = new Matrix[carryBase.Length];
        for (int m = 0; m < carried.Length; m++)
            carried[m] = carryBase[m].AppendRows(carryNewRows[m].SelectRows(selected.New));
        return new RoundScoring(selected, modelAccuracy, temperature, carried);
    }

    /// <summary>
    /// Step 6 (the annotator simulator): the new picks (ascending score) move to the end of L, then one label per
    /// selected example is drawn from its complete pool — re-labels first (ascending score), then the new rows — into
    /// one new annotator column. Returns the round's result and the next state.
    /// </summary>
    public static (RoundResult Result, RunState Next) Annotate(RunState state, RoundContext context, RoundPlan plan, RoundScoring scoring, Rng annotatorRng)
    {
        var selected = scoring.Selected;
        int n = state.LabeledIds.Length, added = selected.New.Length;
        var newIds = new int[added];
        for (int x = 0; x < added; x++) newIds[x] = state.UnlabeledIds[selected.New[x]];
        var labeledIds = new int[n + added];
        state.LabeledIds.CopyTo(labeledIds, 0);
        newIds.CopyTo(labeledIds, n);
        var rows = new int[selected.Relabel.Length + added];
        selected.Relabel.CopyTo(rows, 0);
        for (int x = 0; x < added; x++) rows[selected.Relabel.Length + x] = n + x;
        var annotation = AnnotatorSimulator.AddAnnotator(state.Labels.WithAppendedRows(added), context.PoolById.SelectRows(labeledIds), rows, annotatorRng);
        var annotations = annotation.Drawn.Select(d => (labeledIds[d.Row], d.Label)).ToArray();

        var relabeledIds = selected.Relabel.Select(i => state.LabeledIds[i]).ToArray();
        var result = new RoundResult(state.Round, plan.ConsensusAccuracy, scoring.ModelAccuracy, plan.DistributionEntropy, added,
            plan.LabelsCollected, relabeledIds, newIds, annotations, scoring.Temperature);
        return (result, state.Advance(result, scoring.Carried));
    }

    private static (double[]? Labeled, double[] Unlabeled) BaselineScores(
        ActiveLearningMethod method, LabelMatrix a, IReadOnlyList<MemberOutputs> outputs, int nu, Rng rng)
    {
        var p = outputs[0].OutOfFold;
        var q = outputs[0].Unlabeled;
        switch (method.Score)
        {
            case ScoreRule.Random: return Scoring.BaselineScores.Random(a.Rows, nu, rng);
            case ScoreRule.GoodRandom: return Scoring.BaselineScores.GoodRandom(a, nu, rng);
            case ScoreRule.Entropy: return Scoring.BaselineScores.Entropy(p, q);
            case ScoreRule.Uncertainty: return Scoring.BaselineScores.Uncertainty(p, q);
            case ScoreRule.Disagreement:
                return Scoring.BaselineScores.Disagreement(outputs.Select(o => o.OutOfFold).ToList(), outputs.Select(o => o.Unlabeled).ToList());
            case ScoreRule.ActiveLabelCleaning:
                if (nu > 0)
                    throw new InvalidOperationException("active_label_cleaning scores labeled examples only; use it on a benchmark without unlabeled examples");
                return (Scoring.BaselineScores.ActiveLabelCleaning(a, p), []);
            case ScoreRule.SingleAnnotatorActiveLab: return (null, Scoring.BaselineScores.SingleAnnotatorActiveLabUnlabeled(q));
            default: throw new InvalidOperationException($"score rule {method.Score} is not a baseline");
        }
    }

    private static double ModelAccuracy(ActiveLearningMethod method, IReadOnlyList<MemberOutputs> outputs, CrowdlabResult? crowdlab, int[] testLabels)
    {
        switch (method.Accuracy)
        {
            case ModelAccuracyRule.MeanFoldAccuracy:
                return outputs[0].MeanFoldAccuracy;
            case ModelAccuracyRule.EnsembleMeanArgMax:
                return RoundMetrics.ArgMaxAccuracy(Crowdlab.MemberMean(outputs.Select(o => o.Test).ToList()), testLabels);
            case ModelAccuracyRule.EnsembleWeightedArgMax:
            {
                var w = crowdlab?.ModelWeights ?? throw new InvalidOperationException("the weighted ensemble accuracy needs the round's CROWDLAB weights");
                var mix = new Matrix(outputs[0].Test.Rows, outputs[0].Test.Columns);
                double wsum = w.Sum();
                for (int x = 0; x < mix.Data.Length; x++)
                {
                    double v = 0;
                    for (int m = 0; m < outputs.Count; m++) v += outputs[m].Test.Data[x] * w[m];
                    mix.Data[x] = v / wsum;
                }
                return RoundMetrics.ArgMaxAccuracy(mix, testLabels);
            }
            case ModelAccuracyRule.FullFit:
                return outputs[0].FullFitAccuracy ?? throw new InvalidOperationException("the method records full-fit accuracy but the trainer returned none");
            default:
                throw new InvalidOperationException($"unknown accuracy rule {method.Accuracy}");
        }
    }

    private static void CheckOutputs(IReadOnlyList<MemberOutputs> outputs, ActiveLearningMethod method, int n, int nu, int k, int nTest)
    {
        if (outputs.Count != method.Members)
            throw new ArgumentException($"{method.Name} needs {method.Members} member outputs, got {outputs.Count}", nameof(outputs));
        foreach (var o in outputs)
        {
            if (o.OutOfFold.Rows != n || o.OutOfFold.Columns != k)
                throw new ArgumentException($"out-of-fold probabilities are {o.OutOfFold.Rows} × {o.OutOfFold.Columns}, expected {n} × {k}", nameof(outputs));
            if (o.Unlabeled.Rows != nu || (nu > 0 && o.Unlabeled.Columns != k))
                throw new ArgumentException($"unlabeled probabilities are {o.Unlabeled.Rows} × {o.Unlabeled.Columns}, expected {nu} × {k}", nameof(outputs));
            if (o.Test.Rows != nTest || o.Test.Columns != k)
                throw new ArgumentException($"test probabilities are {o.Test.Rows} × {o.Test.Columns}, expected {nTest} × {k}", nameof(outputs));
        }
    }
}
