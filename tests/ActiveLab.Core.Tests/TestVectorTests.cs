using ActiveLab.Core.Consensus;
using ActiveLab.Core.Metrics;
using ActiveLab.Core.Scoring;
using static ActiveLab.Core.Tests.TestVectors;

namespace ActiveLab.Core.Tests;

/// <summary>Every value of the spec's worked test vector, reproduced to 1e-9 (spec §4.8).</summary>
public class TestVectorTests
{
    private static CrowdlabResult BenchmarkCrowdlab()
    {
        var scaled = TemperatureScaling.Scale(PredProbs, Scalar("benchmark_find_best_temp"), TemperatureFlavour.Benchmark);
        return Crowdlab.GetLabelQuality(Labels(), scaled);
    }

    [Fact]
    public void Majority_vote_with_and_without_probabilities()
    {
        Assert.Equal(IntVector("majority_vote_no_pred_probs"), MajorityVote.Compute(Labels()));
        Assert.Equal(IntVector("majority_vote_with_pred_probs"), MajorityVote.Compute(Labels(), PredProbs));
    }

    [Fact]
    public void Distribution_entropy_and_normalized_entropy()
    {
        Precision.Equal(Scalar("empirical_distribution_entropy"), RoundMetrics.DistributionEntropy(Labels()));
        Precision.Equal(Vector("normalized_entropy_pred_probs"), Entropy.NormalizedRows(PredProbs));
    }

    [Fact]
    public void Benchmark_temperature_search_and_scaling()
    {
        Precision.Equal(Scalar("benchmark_find_best_temp"), TemperatureScaling.FindBestTemperature(Labels(), PredProbs, TemperatureFlavour.Benchmark));
        Precision.Equal(MatrixOf("benchmark_temp_scaled_pred_probs"),
            TemperatureScaling.Scale(PredProbs, Scalar("benchmark_find_best_temp"), TemperatureFlavour.Benchmark));
    }

    [Fact]
    public void Temperature_with_zero_probabilities_both_flavours()
    {
        var z = MatrixOf("zero_probs_pred_probs");
        Precision.Equal(Scalar("benchmark_find_best_temp_zero_probs"), TemperatureScaling.FindBestTemperature(Labels(), z, TemperatureFlavour.Benchmark));
        Precision.Equal(Scalar("v230_find_best_temp_zero_probs"), TemperatureScaling.FindBestTemperature(Labels(), z, TemperatureFlavour.V230));
        Precision.Equal(MatrixOf("benchmark_temp_scaled_zero_probs"), TemperatureScaling.Scale(z, 1.75, TemperatureFlavour.Benchmark));
    }

    [Fact]
    public void Temperature_flavours_differ_where_the_1e30_preclip_matters()
    {
        // Spec §2.8, second vector (confirmed by running the original code): benchmark 3.0, v2.3.0 7.25.
        var p = Matrix.FromRows(new double[][]
        {
            [0.6531, 0, 0.3469], [0, 0, 1], [0.8015, 0.1185, 0.08], [0, 0, 1],
            [0.9613, 0.0387, 0], [0, 0.917, 0.083], [0.0085, 0, 0.9915], [0.0968, 0.3645, 0.5387],
        });
        Precision.Equal(3.0, TemperatureScaling.FindBestTemperature(Labels(), p, TemperatureFlavour.Benchmark));
        Precision.Equal(7.25, TemperatureScaling.FindBestTemperature(Labels(), p, TemperatureFlavour.V230));
    }

    [Fact]
    public void Crowdlab_consensus_quality_weights_and_posterior()
    {
        var res = BenchmarkCrowdlab();
        Assert.Equal(IntVector("crowdlab_consensus_label"), res.ConsensusLabel);
        Precision.Equal(Vector("crowdlab_consensus_quality_score"), res.ConsensusQualityScore, "quality");
        Precision.Equal(Vector("crowdlab_annotator_agreement"), res.AnnotatorAgreement, "agreement");
        Precision.Equal(Scalar("crowdlab_model_weight"), res.ModelWeight, "w_M");
        Precision.Equal(Vector("crowdlab_annotator_weight"), res.AnnotatorWeights, "w_j");
        Precision.Equal(MatrixOf("crowdlab_post_pred_probs"), res.PosteriorProbs, "post");
    }

    [Fact]
    public void Crowdlab_intermediate_statistics()
    {
        var s = BenchmarkCrowdlab().Statistics;
        Precision.Equal(Scalar("intermediate_likelihood_P"), s.Likelihood, "𝒫");
        Assert.Equal(Get("intermediate_most_likely_class").GetInt32(), s.MostLikelyClass);
        Precision.Equal(Scalar("intermediate_most_likely_class_error"), s.MostLikelyClassError, "ε_MLC");
        Precision.Equal(Vector("intermediate_annotator_agreement_with_annotators_s_j"), s.AnnotatorAgreementWithAnnotators, "s_j");
        Precision.Equal(Scalar("intermediate_model_error"), s.ModelErrors[0], "ε_M");
    }

    [Fact]
    public void Benchmark_labeled_scores_with_row_weight_bug_and_per_row()
    {
        var res = BenchmarkCrowdlab();
        Precision.Equal(Vector("benchmark_labeled_scores_iteration0_bug"), ActiveLabScores.BenchmarkLabeled(Labels(), res, 0, rowWeightBug: true), "t=0");
        Precision.Equal(Vector("benchmark_labeled_scores_iteration2_bug"), ActiveLabScores.BenchmarkLabeled(Labels(), res, 2, rowWeightBug: true), "t=2");
        Precision.Equal(Vector("labeled_scores_correct_per_row"), ActiveLabScores.BenchmarkLabeled(Labels(), res, 0, rowWeightBug: false), "per-row");
        Precision.Equal(Vector("library_e7ac8728_active_learning_scores"), ActiveLabScores.BenchmarkLabeled(Labels(), res, 0, rowWeightBug: false), "e7ac8728");
    }

    [Fact]
    public void Benchmark_unlabeled_scores()
    {
        var res = BenchmarkCrowdlab();
        var qs = TemperatureScaling.Scale(PredProbsUnlabeled, Scalar("benchmark_find_best_temp"), TemperatureFlavour.Benchmark);
        Precision.Equal(Vector("benchmark_unlabeled_scores"), ActiveLabScores.BenchmarkUnlabeled(qs, res));
        Precision.Equal(Vector("library_e7ac8728_active_learning_scores_unlabeled"), ActiveLabScores.BenchmarkUnlabeled(qs, res));
    }

    [Fact]
    public void Ensemble_of_two_members_each_scaled_by_its_own_temperature()
    {
        var member2 = MatrixOf("ensemble_member2_pred_probs_raw");
        double t1 = TemperatureScaling.FindBestTemperature(Labels(), PredProbs, TemperatureFlavour.Benchmark);
        double t2 = TemperatureScaling.FindBestTemperature(Labels(), member2, TemperatureFlavour.Benchmark);
        Precision.Equal(Scalar("ensemble_member2_temp"), t2, "T2");
        var res = Crowdlab.GetLabelQualityEnsemble(Labels(),
        [
            TemperatureScaling.Scale(PredProbs, t1, TemperatureFlavour.Benchmark),
            TemperatureScaling.Scale(member2, t2, TemperatureFlavour.Benchmark),
        ]);
        Assert.Equal(IntVector("ensemble_consensus_label"), res.ConsensusLabel);
        Precision.Equal(Vector("ensemble_consensus_quality_score"), res.ConsensusQualityScore, "quality");
        Precision.Equal(Vector("ensemble_model_weight"), res.ModelWeights, "w_p");
        Precision.Equal(Vector("ensemble_annotator_weight"), res.AnnotatorWeights, "w_j");
    }

    [Fact]
    public void Library_v230_calibrated_consensus_and_active_learning_scores()
    {
        double t = TemperatureScaling.FindBestTemperature(Labels(), PredProbs, TemperatureFlavour.V230);
        Precision.Equal(Scalar("v230_find_best_temp"), t, "T");
        var calibrated = Crowdlab.GetLabelQuality(Labels(), TemperatureScaling.Scale(PredProbs, t, TemperatureFlavour.V230));
        Assert.Equal(IntVector("v230_calibrated_consensus_label"), calibrated.ConsensusLabel);
        Precision.Equal(Vector("v230_calibrated_consensus_quality_score"), calibrated.ConsensusQualityScore, "quality");

        var scores = ActiveLabScores.Library(Labels(), PredProbs, PredProbsUnlabeled);
        Precision.Equal(Vector("v230_active_learning_scores"), scores.Labeled, "labeled");
        Precision.Equal(Vector("v230_active_learning_scores_unlabeled"), scores.Unlabeled, "unlabeled");
    }

    [Fact]
    public void Library_v230_single_annotator_branch()
    {
        var single = LabelMatrix.FromSingleColumn(IntVector("single_labels"));
        var scores = ActiveLabScores.Library(single, PredProbs, PredProbsUnlabeled);
        Assert.Null(scores.Crowdlab);
        Assert.Equal(1.0, scores.Temperature);
        Precision.Equal(Vector("v230_single_annotator_scores"), scores.Labeled, "labeled");
        Precision.Equal(Vector("v230_single_annotator_scores_unlabeled"), scores.Unlabeled, "unlabeled");
        Precision.Equal(Vector("v230_single_annotator_scores_unlabeled"), BaselineScores.SingleAnnotatorActiveLabUnlabeled(PredProbsUnlabeled), "single-annotator crowdlab");
    }

    [Fact]
    public void Vectors_are_loaded_from_the_spec_or_the_committed_copy()
    {
        _ = Labels();
        Assert.True(File.Exists(SourcePath));
    }
}
