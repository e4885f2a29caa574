namespace ActiveLab.Cluster.Sweeps;

/// <summary>A sweep config that cannot be used; the message names the setting and what is wrong.</summary>
public sealed class SweepConfigException(string message) : Exception(message);
