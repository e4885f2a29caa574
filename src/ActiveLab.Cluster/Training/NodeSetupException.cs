namespace ActiveLab.Cluster.Training;

/// <summary>
/// A job cannot run on this node because of the node itself (its data files differ from the coordinator's, its device
/// is missing), not because of the job: the trainer hands the job back, stops taking jobs and ends the node with this
/// message, instead of burning the job's attempts (which would fail healthy cells).
/// </summary>
public sealed class NodeSetupException(string message) : Exception(message);
