namespace ActiveLab.Data;

/// <summary>CIFAR-10 class names in index order (CIFAR-10H and CIFAR-10N use the same index).</summary>
public static class CifarClasses
{
    /// <summary>airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    /// <summary>K = 10.</summary>
    public const int Count = 10;

    /// <summary>Number of CIFAR-10 test images (rows of every CIFAR-10H array).</summary>
    public const int TestImages = 10000;
}
