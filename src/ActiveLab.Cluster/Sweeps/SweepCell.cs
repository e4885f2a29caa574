namespace ActiveLab.Cluster.Sweeps;

/// <summary>
/// One cell of a sweep's grid: a (dataset, method, model, repeat) run whose rounds advance one after another.
/// </summary>
public sealed record SweepCell(string Dataset, string Method, string Model, int Repeat)
{
    /// <summary>Stable identifier, also the cell's persistence id suffix: <c>dataset|method|model|repeat</c>.</summary>
    public string Id => $"{Dataset}|{Method}|{Model}|{Repeat}";

    /// <summary>The Method field of this cell's random-stream keys: method and model, so cells of different models are independent.</summary>
    public string StreamMethod => $"{Method}/{Model}";

    public override string ToString() => Id;
}
