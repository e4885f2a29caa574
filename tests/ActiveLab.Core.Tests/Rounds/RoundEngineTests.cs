using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;
using ActiveLab.Core.Simulation;

namespace ActiveLab.Core.Tests.Rounds;

public class RoundEngineTests
{
    private const int K = 3, N0 = 40, NU0 = 60, NTest = 50, Annotators = 10, Budget = 10;

    /// <summary>A small synthetic benchmark: noisy annotator pools around hidden truth, sparse initial labels.</summary>
    private static (RunState State, RoundContext Context) Benchmark(int unlabeled = NU0)
    {
        var rng = new Rng(99);
        int total = N0 + unlabeled;
        var truth = new int[total];
        var poolRows = new List<IReadOnlyList<int>>();
        for (int i = 0; i < total; i++)
        {
            truth[i] = rng.NextInt(K);
            var row = new List<int>();
            for (int j = 0; j < Annotators; j++) row.Add(rng.NextDouble() < 0.7 ? truth[i] : rng.NextInt(K));
            poolRows.Add(row);
        }
        var b = new LabelMatrix.Builder(N0, 4);
        for (int i = 0; i < N0; i++)
        {
            int count = i % 3 == 0 ? 2 : 1;
            var cols = rng.SampleWithoutReplacement(4, count).ToHashSet();
            if (i < 4) cols.Add(i); // every initial annotator column labels something
            foreach (int j in cols) b.Add(i, j, poolRows[i][j]);
        }
        var initial = b.Build();
        var test = Enumerable.Range(0, NTest).Select(i => i % K).ToArray();
        return (RunState.Initial(initial, unlabeled), new RoundContext(K, Budget, truth, LabelPool.FromRows(poolRows), test));
    }

    /// <summary>A stand-in trainer: probabilities that lean to the true label, deterministic per (round, member).</summary>
    private static MemberOutputs Train(TrainingRequest r, RoundContext ctx, int round)
    {
        var rng = new Rng((ulong)(round * 31 + r.Member + 7));
        Matrix Probs(int[] ids, Func<int, int> truthOf)
        {
            var m = new Matrix(ids.Length, K);
            for (int i = 0; i < ids.Length; i++)
            {
                var row = m.Row(i);
                rng.NextFlatDirichlet(row);
                int lean = rng.NextDouble() < 0.8 ? truthOf(ids[i]) : rng.NextInt(K);
                for (int c = 0; c < K; c++) row[c] = 0.5 * row[c] + (c == lean ? 0.5 : 0);
            }
            return m;
        }
        var p = Probs(r.LabeledIds, id => ctx.TrueLabelsById[id]);
        var q = Probs(r.UnlabeledIds, id => ctx.TrueLabelsById[id]);
        var t = Probs(Enumerable.Range(0, ctx.TestLabels.Length).ToArray(), i => ctx.TestLabels[i]);
        var folds = Enumerable.Range(0, 5).Select(_ => 0.6 + 0.3 * rng.NextDouble()).ToArray();
        return new MemberOutputs(p, q, t, folds, r.FullFit ? 0.77 : null);
    }

    private static List<RoundResult> Run(ActiveLearningMethod method, int rounds, int unlabeled = NU0, List<RunState>? states = null)
    {
        var (state, ctx) = Benchmark(unlabeled);
        var results = new List<RoundResult>();
        for (int t = 0; t < rounds; t++)
        {
            states?.Add(state);
            var key = new StreamKey(5, "toy", method.Name, 0, t, "");
            var plan = RoundEngine.Plan(state, method, ctx, Rng.For(key.WithPurpose("tie-break")));
            var outputs = plan.Requests.Select(r => Train(r, ctx, t)).ToList();
            (var result, state) = RoundEngine.Complete(state, method, ctx, plan, outputs,
                Rng.For(key.WithPurpose("scores")), Rng.For(key.WithPurpose("annotator")), Rng.For(key.WithPurpose("tie-break-2")));
            results.Add(result);
        }
        states?.Add(state);
        return results;
    }

    public static TheoryData<string> MainMethods => new(ActiveLearningMethods.Main.Keys.Where(k => k != "active_label_cleaning"));

    [Theory]
    [MemberData(nameof(MainMethods))]
    public void Every_round_adds_one_column_with_one_label_per_selected_example(string name)
    {
        var states = new List<RunState>();
        var results = Run(ActiveLearningMethods.Get(name), 4, states: states);
        var ctx = Benchmark().Context;
        for (int t = 0; t < results.Count; t++)
        {
            var before = states[t];
            var after = states[t + 1];
            var r = results[t];
            Assert.Equal(before.Labels.Columns + 1, after.Labels.Columns);
            Assert.Equal(Budget, r.Annotations.Length);
            Assert.Equal(Budget, r.RelabeledIds.Length + r.NewIds.Length);
            Assert.Equal(r.NewIds.Length, r.NumNewExamples);
            Assert.Equal(before.Labels.Count + Budget, after.Labels.Count);
            Assert.Equal(before.Labels.Count, r.LabelsCollected);
            // Every drawn label comes from that example's complete pool.
            foreach (var (id, label) in r.Annotations) Assert.Contains(label, ctx.PoolById.LabelsOfRow(id).ToArray());
            // Ids stay a partition of all examples; moved examples leave U.
            Assert.Equal(Enumerable.Range(0, N0 + NU0), after.LabeledIds.Concat(after.UnlabeledIds).Order());
            Assert.Equal(before.LabeledIds.Length + r.NumNewExamples, after.LabeledIds.Length);
            Assert.Equal(r.NewIds, after.LabeledIds.Skip(before.LabeledIds.Length));
            Assert.All(after.Carried!, m => Assert.Equal(after.Labels.Rows, m.Rows));
            Assert.InRange(r.ConsensusAccuracy, 0, 1);
            Assert.InRange(r.ModelAccuracy, 0, 1);
        }
    }

    [Theory]
    [MemberData(nameof(MainMethods))]
    public void Runs_are_deterministic_for_fixed_seeds(string name)
    {
        var a = Run(ActiveLearningMethods.Get(name), 3);
        var b = Run(ActiveLearningMethods.Get(name), 3);
        for (int t = 0; t < a.Count; t++)
        {
            Assert.Equal(a[t].NewIds, b[t].NewIds);
            Assert.Equal(a[t].RelabeledIds, b[t].RelabeledIds);
            Assert.Equal(a[t].Annotations, b[t].Annotations);
            Assert.Equal(a[t].ModelAccuracy, b[t].ModelAccuracy);
            Assert.Equal(a[t].ConsensusAccuracy, b[t].ConsensusAccuracy);
        }
    }

    [Fact]
    public void Good_random_takes_unlabeled_examples_first()
    {
        var results = Run(ActiveLearningMethods.GoodRandom, 3);
        Assert.All(results, r => Assert.Equal(Budget, r.NumNewExamples));
    }

    [Fact]
    public void Complete_benchmark_only_relabels()
    {
        var results = Run(ActiveLearningMethods.ActiveLabelCleaning, 3, unlabeled: 0);
        Assert.All(results, r => { Assert.Equal(0, r.NumNewExamples); Assert.Equal(Budget, r.RelabeledIds.Length); });
        var crowd = Run(ActiveLearningMethods.Crowdlab, 3, unlabeled: 0);
        Assert.All(crowd, r => Assert.Equal(0, r.NumNewExamples));
    }

    [Fact]
    public void Active_label_cleaning_refuses_unlabeled_pools()
    {
        Assert.Throws<InvalidOperationException>(() => Run(ActiveLearningMethods.ActiveLabelCleaning, 1));
    }

    [Fact]
    public void Methods_without_relabeling_only_take_new_examples()
    {
        foreach (var m in new[] { ActiveLearningMethods.Single, ActiveLearningMethods.SingleAnnotatorCrowdlab, ActiveLearningMethods.SingleAnnotatorRandom })
        {
            var results = Run(m, 3);
            Assert.All(results, r => { Assert.Empty(r.RelabeledIds); Assert.Equal(Budget, r.NumNewExamples); Assert.Equal(0.77, r.ModelAccuracy); });
        }
    }

    [Fact]
    public void ActiveLab_carries_temperature_scaled_probabilities_at_round_0_and_raw_ones_later()
    {
        var states = new List<RunState>();
        var results = Run(ActiveLearningMethods.Crowdlab, 3, states: states);
        Assert.All(results, r => Assert.True(r.Temperature > 0));
        var (s0, ctx) = Benchmark();
        var plan = RoundEngine.Plan(s0, ActiveLearningMethods.Crowdlab, ctx, Rng.For(new StreamKey(5, "toy", "crowdlab", 0, 0, "tie-break")));
        var raw = Train(plan.Requests[0], ctx, 0).OutOfFold;
        var carried0 = states[1].Carried![0];
        // Round 0 carries TempScale(P, T0), which differs from raw P unless T0 = 1.
        var expected = ActiveLab.Core.Consensus.TemperatureScaling.Scale(raw, results[0].Temperature, ActiveLab.Core.Consensus.TemperatureFlavour.Benchmark);
        for (int i = 0; i < raw.Rows; i++)
            for (int c = 0; c < K; c++) Assert.Equal(expected[i, c], carried0[i, c], 12);
        // Round 1 carries the raw out-of-fold P of round 1.
        var plan1 = RoundEngine.Plan(states[1], ActiveLearningMethods.Crowdlab, ctx, Rng.For(new StreamKey(5, "toy", "crowdlab", 0, 1, "tie-break")));
        var raw1 = Train(plan1.Requests[0], ctx, 1).OutOfFold;
        for (int i = 0; i < raw1.Rows; i++)
            for (int c = 0; c < K; c++) Assert.Equal(raw1[i, c], states[2].Carried![0][i, c]);
    }

    [Theory]
    [MemberData(nameof(MainMethods))]
    public void Replaying_results_with_Advance_rebuilds_every_state(string name)
    {
        // Recovery from a journal replays (result, carried) pairs through RunState.Advance: it must rebuild the very
        // states the engine produced.
        var states = new List<RunState>();
        var results = Run(ActiveLearningMethods.Get(name), 3, states: states);
        var replayed = states[0];
        for (int t = 0; t < results.Count; t++)
        {
            replayed = replayed.Advance(results[t], states[t + 1].Carried!);
            Assert.Equal(states[t + 1].Labels.ToDense(), replayed.Labels.ToDense());
            Assert.Equal(states[t + 1].LabeledIds, replayed.LabeledIds);
            Assert.Equal(states[t + 1].UnlabeledIds, replayed.UnlabeledIds);
            Assert.Equal(states[t + 1].Round, replayed.Round);
        }
        Assert.Throws<ArgumentException>(() => states[0].Advance(results[1], states[2].Carried!));
    }
}
