using System.Globalization;

namespace ActiveLab.Data;

/// <summary>Canonical benchmark names (spec §0.1 folders; <c>wall-robot-completely-labeled</c> is shortened).</summary>
public static class BenchmarkNames
{
    public const string WallRobot = "wall-robot";
    public const string WallRobotComplete = "wall-robot-complete";
    /// <summary>Family name; each member is "single-vs-multiannotator/τ" (<see cref="SingleVsMultiannotatorFor"/>).</summary>
    public const string SingleVsMultiannotator = "single-vs-multiannotator";
    public const string SingleAnnotator = "single-annotator";
    public const string Cifar10h = "cifar-10h";

    /// <summary>The five τ levels of single-vs-multiannotator: 0.6, 0.7, 0.8, 0.9, 1.0.</summary>
    public static IReadOnlyList<double> SingleVsMultiannotatorTaus { get; } = [0.6, 0.7, 0.8, 0.9, 1.0];

    /// <summary>"single-vs-multiannotator/0.6" … "single-vs-multiannotator/1.0" (the original's <c>data/&lt;τ&gt;/</c> folders).</summary>
    public static string SingleVsMultiannotatorFor(double tau) =>
        $"{SingleVsMultiannotator}/{tau.ToString("0.0", CultureInfo.InvariantCulture)}";
}
