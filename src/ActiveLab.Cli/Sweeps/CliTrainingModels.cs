using ActiveLab.Cluster.Training;
using ActiveLab.Models;
using ActiveLab.Models.Torch;

namespace ActiveLab.Cli.Sweeps;

/// <summary>The models a node of this program can train: the C# models plus the TorchSharp MLP on the node's device.</summary>
internal sealed class CliTrainingModels(string device) : DefaultTrainingModels
{
    public override IClassifierFactory Create(string model) => model switch
    {
        "mlp-torch" => new TorchMlpClassifierFactory(settings: new TorchSettings { Device = device, ThreadsPerSlot = 1 }),
        _ => base.Create(model),
    };
}
