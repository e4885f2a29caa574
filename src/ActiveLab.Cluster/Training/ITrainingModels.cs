using ActiveLab.Models;

namespace ActiveLab.Cluster.Training;

/// <summary>Resolves a model name of a sweep ("et", "mlp", "mlp-torch", …) to a factory. The host supplies it, so
/// models with heavy dependencies (TorchSharp, ONNX) stay out of this project.</summary>
public interface ITrainingModels
{
    IClassifierFactory Create(string model);
}

/// <summary>The C# models of <see cref="ClassifierCatalog"/> plus the fault-injection model "always-fail".</summary>
public class DefaultTrainingModels : ITrainingModels
{
    public virtual IClassifierFactory Create(string model) => model switch
    {
        "always-fail" => throw new InvalidOperationException("model 'always-fail' fails every job (fault-injection switch)"),
        _ => ClassifierCatalog.Create(model),
    };
}
