namespace ActiveLab.Dashboard;

/// <summary>Where <see cref="SnapshotFeed"/> takes its snapshots from.</summary>
public interface ISnapshotSource
{
    Task<DashboardSnapshot> ReadAsync(CancellationToken cancellationToken);
}
