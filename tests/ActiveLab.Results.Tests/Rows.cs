namespace ActiveLab.Results.Tests;

/// <summary>Row factories for tests.</summary>
internal static class Rows
{
    public static RoundRow Round(string dataset, string method, string model, int repeat, int round, double accuracy = 0.5, double seconds = 1.25, string node = "node-a") =>
        new(dataset, method, model, repeat, round, accuracy - 0.1, accuracy, 0.75, 10 + round, 100 + 10 * round, seconds, node);

    public static LabelRow Label(string dataset, string method, string model, int repeat, int round, int rank, int exampleId, int label = 1, string selection = "new") =>
        new(dataset, method, model, repeat, round, exampleId, selection, rank, label);
}
