namespace ActiveLab.Dashboard;

/// <summary>A cluster member as the dashboard needs it (from Akka's cluster state).</summary>
public sealed record ClusterMemberInfo(string Address, IReadOnlyCollection<string> Roles, string Status, bool Reachable);
