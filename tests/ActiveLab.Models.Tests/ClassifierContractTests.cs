using ActiveLab.Core;
using ActiveLab.Core.Randomness;

namespace ActiveLab.Models.Tests;

/// <summary>Behaviour every classifier must share, run for each of the three families.</summary>
public class ClassifierContractTests
{
    public static TheoryData<string> Models => new() { "mlp", "mlp32", "extra-trees", "knn" };

    private static IClassifierFactory Create(string name) => name switch
    {
        "mlp" => new MlpClassifierFactory(new MlpOptions { MaxEpochs = 200 }),  // plenty for blobs; keeps the suite fast
        "mlp32" => new MlpClassifierFactory(((MlpClassifierFactory)ClassifierCatalog.Create("mlp32")).Options with { MaxEpochs = 200 }),
        _ => ClassifierCatalog.Create(name),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void LearnsSeparableBlobs_WithValidProbabilities(string name)
    {
        var (x, y) = TestData.Blobs(600, 3, 4, seed: 11);
        var (train, test) = SimpleCrossValidation.Split(600, 400, 200, seed: 12);
        var (xTrain, yTrain) = TestData.Subset(x, y, train);
        var (xTest, yTest) = TestData.Subset(x, y, test);

        var model = Create(name).Fit(xTrain, yTrain, 4, new Rng(13));

        Assert.Equal(3, model.NumFeatures);
        Assert.Equal(4, model.NumClasses);
        var proba = model.PredictProba(xTest);
        ProbabilityAssert.ValidRows(proba, 4);
        Assert.True(model.Accuracy(xTest, yTest) >= 0.97, $"{name}: held-out accuracy {model.Accuracy(xTest, yTest)}");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SameSeed_GivesIdenticalModels(string name)
    {
        var (x, y) = TestData.Blobs(200, 2, 3, seed: 21, spread: 1.5);
        var factory = Create(name);
        var a = factory.Fit(x, y, 3, new Rng(5)).PredictProba(x);
        var b = factory.Fit(x, y, 3, new Rng(5)).PredictProba(x);
        ProbabilityAssert.Equal(a, b);
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("extra-trees")]
    public void DifferentSeeds_GiveDifferentModels(string name)
    {
        var (x, y) = TestData.Blobs(200, 2, 3, seed: 21, spread: 1.5);
        var (query, _) = TestData.Blobs(50, 2, 3, seed: 22, spread: 2.5);  // off the training points
        var factory = Create(name);
        var a = factory.Fit(x, y, 3, new Rng(5)).PredictProba(query);
        var b = factory.Fit(x, y, 3, new Rng(6)).PredictProba(query);
        Assert.NotEqual(a.Data, b.Data);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void FitMany_EqualsIndependentFits(string name)
    {
        var (x, y) = TestData.Blobs(150, 2, 3, seed: 31, spread: 1.5);
        var factory = Create(name);
        var jobs = new[]
        {
            new ClassifierTrainingJob(x, y, 3, new Rng(1)),
            new ClassifierTrainingJob(x.SelectRows(Enumerable.Range(0, 100).ToArray()), y.AsMemory(0, 100), 3, new Rng(2)),
        };
        var many = factory.FitMany(jobs);
        Assert.Equal(2, many.Length);
        ProbabilityAssert.Equal(factory.Fit(x, y, 3, new Rng(1)).PredictProba(x), many[0].PredictProba(x));
        ProbabilityAssert.Equal(factory.Fit(jobs[1].X, y.AsSpan(0, 100), 3, new Rng(2)).PredictProba(x), many[1].PredictProba(x));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ConcurrentFits_MatchSequentialOnes(string name)
    {
        var (x, y) = TestData.Blobs(150, 2, 3, seed: 41, spread: 1.5);
        var factory = Create(name);
        var sequential = Enumerable.Range(0, 4).Select(i => factory.Fit(x, y, 3, new Rng((ulong)i)).PredictProba(x)).ToArray();
        var parallel = new Matrix[4];
        Parallel.For(0, 4, i => parallel[i] = factory.Fit(x, y, 3, new Rng((ulong)i)).PredictProba(x));
        for (int i = 0; i < 4; i++) ProbabilityAssert.Equal(sequential[i], parallel[i]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ClassAbsentFromTraining_GetsProbabilityZero(string name)
    {
        // Labels 0, 1, 3 only, out of K = 4 (the CV trainer can hand a model a fold without some class).
        var (x, y) = TestData.Blobs(300, 3, 3, seed: 51);
        var labels = y.Select(c => c == 2 ? 3 : c).ToArray();
        var model = Create(name).Fit(x, labels, 4, new Rng(3));
        var proba = model.PredictProba(x);
        ProbabilityAssert.ValidRows(proba, 4);
        for (int i = 0; i < proba.Rows; i++) Assert.Equal(0.0, proba[i, 2]);
        Assert.True(model.Accuracy(x, labels) >= 0.97);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TwoClasses_Work(string name)
    {
        var (x, y) = TestData.Blobs(300, 2, 2, seed: 61);
        var model = Create(name).Fit(x, y, 2, new Rng(3));
        ProbabilityAssert.ValidRows(model.PredictProba(x), 2);
        Assert.True(model.Accuracy(x, y) >= 0.97);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SingleClass_PredictsIt(string name)
    {
        var (x, _) = TestData.Blobs(20, 2, 2, seed: 71);
        var model = Create(name).Fit(x, Enumerable.Repeat(1, 20).ToArray(), 3, new Rng(3));
        var proba = model.PredictProba(x);
        ProbabilityAssert.ValidRows(proba, 3);
        for (int i = 0; i < proba.Rows; i++) Assert.Equal(1.0, proba[i, 1]);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void RejectsBadInput(string name)
    {
        var factory = Create(name);
        var x = Matrix.FromRows([[0.0, 1.0], [1.0, 0.0]]);
        Assert.ThrowsAny<ArgumentException>(() => factory.Fit(x, [0, 2], 2, new Rng(1)));        // label out of range
        Assert.ThrowsAny<ArgumentException>(() => factory.Fit(x, [0], 2, new Rng(1)));           // length mismatch
        Assert.ThrowsAny<ArgumentException>(() => factory.Fit(Matrix.FromRows([[0.0, double.NaN], [1.0, 0.0]]), [0, 1], 2, new Rng(1)));
        var model = factory.Fit(x, [0, 1], 2, new Rng(1));
        Assert.ThrowsAny<ArgumentException>(() => model.PredictProba(new Matrix(1, 3)));          // wrong width
        Assert.ThrowsAny<ArgumentException>(() => model.PredictProba(new Matrix(1, 2), new Matrix(2, 2)));
    }

    [Fact]
    public void Catalog_KnowsTheEnsembleInSpecOrder()
    {
        Assert.Equal(["mlp", "extra-trees", "knn"], ClassifierCatalog.EnsembleMembers().Select(f => f.Name));
        Assert.IsType<ExtraTreesClassifierFactory>(ClassifierCatalog.Create("ET"));
        var mlp32 = Assert.IsType<MlpClassifierFactory>(ClassifierCatalog.Create("mlp32"));
        Assert.Equal(MlpPrecision.Float32, mlp32.Options.Precision);
        Assert.Equal("mlp32", mlp32.Name);
        Assert.Throws<ArgumentException>(() => ClassifierCatalog.Create("svm"));
    }
}
