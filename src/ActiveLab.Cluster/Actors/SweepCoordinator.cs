using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// The sweep's coordinator (one per sweep; a cluster singleton on the seed node). It records the fixed manifest (grid +
/// config hash) in the journal and refuses to resume under a changed config, starts one <see cref="CellActor"/> per
/// cell, and hands the cells' training jobs to trainer nodes that pull them (<see cref="RequestWork"/>), with leases
/// that expire when a trainer stops renewing them (<see cref="JobBoard{TOwner,TWorker}"/>). When every cell is done or
/// failed it compacts the results and tells its listener.
/// </summary>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    /// <summary>Options fixed by the host for this run.</summary>
    /// <param name="AddNewCells">Accept a config whose settings are unchanged but whose grid grew: only new cells are added.</param>
    public sealed record Options(bool AddNewCells = false);

    private sealed record Tick;

    private readonly SweepConfig _config;
    private readonly DatasetRegistry _datasets;
    private readonly IActorRef? _listener;
    private readonly Options _options;
    private readonly Props _resultsProps;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private SweepManifestRecorded? _manifest;
    private readonly List<SweepCell> _cells = new();
    private readonly Dictionary<string, CellProgress> _progress = new();
    private readonly Dictionary<string, SweepCell> _cellsById = new();
    private readonly JobBoard<IActorRef, IActorRef> _board;
    private readonly Dictionary<IActorRef, int> _capacity = new();
    private readonly Queue<IActorRef> _fairness = new();
    private IActorRef _results = ActorRefs.Nobody;
    private readonly Queue<SweepCell> _waitingCells = new();
    private readonly Dictionary<string, IActorRef> _activeCells = new();
    private bool _started, _compacting, _finished, _dirty;
    private int _unfinished;

    public SweepCoordinator(SweepConfig config, DatasetRegistry datasets, Props resultsProps, IActorRef? listener, Options? options = null)
    {
        _config = config;
        _datasets = datasets;
        _resultsProps = resultsProps;
        _listener = listener;
        _options = options ?? new Options();
        _board = new JobBoard<IActorRef, IActorRef>(config.MaxAttempts);
        PersistenceId = $"sweep|{config.Name}";

        Recover<SweepManifestRecorded>(m => { _manifest = m; _cells.Clear(); _cells.AddRange(m.Cells); });
        Recover<SweepCellsAdded>(a => { _cells.AddRange(a.Cells); _manifest = _manifest! with { ConfigHash = a.ConfigHash, ConfigText = a.ConfigText }; });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SubmitJobs>(m => { _board.Add(m.Jobs, Sender); Dispatch(); });
        Command<RequestWork>(OnRequestWork);
        Command<RenewLeases>(m =>
        {
            var deadline = DateTime.UtcNow + _config.LeaseTimeout;
            for (int i = 0; i < m.JobIds.Length; i++) _board.Renew(m.JobIds[i], m.LeaseIds[i], deadline);
        });
        Command<JobSucceeded>(m =>
        {
            var (accepted, owner) = _board.Complete(m.JobId, m.LeaseId);
            if (accepted) owner!.Tell(new JobCompleted(m.Output));
        });
        Command<JobFailed>(m =>
        {
            _log.Warning("job {0} failed on {1}: {2}", m.JobId, m.Node, m.Error);
            if (_board.Fail(m.JobId, m.LeaseId, m.Error) is { } g) g.Owner.Tell(new JobGaveUp(g.Job.JobId, g.Error, g.Attempts));
            Dispatch();
        });
        Command<Terminated>(t =>
        {
            _capacity.Remove(t.ActorRef);
            foreach (var g in _board.ReleaseWorker(t.ActorRef, $"trainer {t.ActorRef.Path} terminated"))
                g.Owner.Tell(new JobGaveUp(g.Job.JobId, g.Error, g.Attempts));
            Dispatch();
        });
        Command<Tick>(_ =>
        {
            foreach (var g in _board.Expire(DateTime.UtcNow)) g.Owner.Tell(new JobGaveUp(g.Job.JobId, g.Error, g.Attempts));
            Dispatch();
            if (_dirty) Notify();
        });
        Command<CellProgress>(OnCellProgress);
        Command<GetSweepStatus>(_ => Sender.Tell(Status()));
        Command<ResultsCompacted>(OnCompacted);
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SweepConfig config, DatasetRegistry datasets, Props resultsProps, IActorRef? listener, Options? options = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(config, datasets, resultsProps, listener, options));

    private void OnRecovered()
    {
        var expanded = SweepGrid.Expand(_config);
        string hash = _config.Hash(), settings = _config.SettingsHash();
        if (_manifest is null)
        {
            Persist(new SweepManifestRecorded(hash, settings, _config.Source, expanded.ToArray()), m =>
            {
                _manifest = m;
                _cells.AddRange(m.Cells);
                Start();
            });
            return;
        }
        if (_manifest.ConfigHash == hash)
        {
            Start();
            return;
        }
        var known = _cells.Select(c => c.Id).ToHashSet();
        var added = expanded.Where(c => !known.Contains(c.Id)).ToArray();
        if (_options.AddNewCells && _manifest.SettingsHash == settings && added.Length > 0)
        {
            Persist(new SweepCellsAdded(hash, _config.Source, added), a =>
            {
                _cells.AddRange(a.Cells);
                _log.Info("sweep {0}: added {1} new cells", _config.Name, a.Cells.Length);
                Start();
            });
            return;
        }
        string why = _manifest.SettingsHash != settings
            ? "its settings (rounds, batch size, folds, seeds, ensemble or trainer) differ from the ones the sweep was started with"
            : added.Length == 0 ? "the grid changed but adds no new cell (cells can only be added, never removed)"
            : "the grid grew; rerun with --add-new-cells to add only the new cells";
        _listener?.Tell(new SweepRefused(
            $"sweep '{_config.Name}' was started with config hash {_manifest.ConfigHash[..12]}, this config hashes to {hash[..12]}: {why}. " +
            $"Use the original config, another sweep name, or a new results dir."));
        Context.Stop(Self);
    }

    private void Start()
    {
        if (_started) return;
        _started = true;
        Directory.CreateDirectory(_config.SweepDir);
        WriteManifestFile();
        _results = Context.ActorOf(_resultsProps, "results");
        Timers.StartPeriodicTimer("tick", new Tick(), TimeSpan.FromSeconds(1));
        foreach (var cell in _cells)
        {
            _cellsById[cell.Id] = cell;
            _progress[cell.Id] = new CellProgress(cell.Id, CellState.Pending, 0, _config.RoundsFor(cell.Dataset), null);
        }
        _unfinished = _cells.Count;
        foreach (var cell in _cells) _waitingCells.Enqueue(cell);
        StartCells();
        Notify();
        CheckFinished();
    }

    /// <summary>Starts waiting cells while fewer than max-active-cells are in memory.</summary>
    private void StartCells()
    {
        while (_activeCells.Count < _config.MaxActiveCells && _waitingCells.TryDequeue(out var cell))
        {
            LoadedDataset data;
            try
            {
                data = _datasets.Get(cell.Dataset, _config.DatasetSeed);
            }
            catch (Exception e)
            {
                _progress[cell.Id] = _progress[cell.Id] with { State = CellState.Failed, Error = $"dataset {cell.Dataset}: {e.Message}" };
                _unfinished--;
                continue;
            }
            _activeCells[cell.Id] = Context.ActorOf(CellActor.Props(cell, _config, data, Self, _results), ActorName(cell));
        }
    }

    /// <summary>manifest.json: config, hash, versions and the cells (rewritten atomically at every start).</summary>
    private void WriteManifestFile()
    {
        try
        {
            var manifest = ActiveLab.Results.SweepManifest.Create(_config.Name, _manifest!.ConfigText, _manifest.ConfigHash,
                _cells.Select(c => new ActiveLab.Results.SweepManifestCell(c.Dataset, c.Method, c.Model, c.Repeat)));
            ActiveLab.Results.SweepManifestFile.WriteToSweep(_config.SweepDir, manifest);
        }
        catch (Exception e)
        {
            _log.Error(e, "could not write manifest.json: {0}", e.Message);
        }
    }

    private static string ActorName(SweepCell cell) => "cell-" + Uri.EscapeDataString(cell.Id).Replace("%", "~");

    private void OnRequestWork(RequestWork m)
    {
        if (!_capacity.ContainsKey(Sender))
        {
            Context.Watch(Sender);
            _fairness.Enqueue(Sender);
        }
        _capacity[Sender] = Math.Max(0, m.Slots);
        Dispatch();
    }

    /// <summary>Hands pending jobs to trainers with free slots (capacity minus leases held), round-robin.</summary>
    private void Dispatch()
    {
        int idle = 0;
        while (_board.Pending > 0 && _fairness.Count > 0 && idle < _fairness.Count)
        {
            var worker = _fairness.Dequeue();
            if (!_capacity.TryGetValue(worker, out int slots)) continue;
            _fairness.Enqueue(worker);
            if (slots - _board.LeasedTo(worker) <= 0) { idle++; continue; }
            idle = 0;
            var lease = _board.LeaseNext(worker, DateTime.UtcNow + _config.LeaseTimeout);
            if (lease is null) break;
            worker.Tell(new WorkAssignment(lease.Value.Job, lease.Value.LeaseId));
        }
    }

    private void OnCellProgress(CellProgress p)
    {
        bool wasOpen = !_progress.TryGetValue(p.CellId, out var before) || before.State is CellState.Pending or CellState.Running;
        _progress[p.CellId] = p;
        if (p.State is CellState.Failed or CellState.Done)
        {
            if (wasOpen) _unfinished--;
            _board.RemoveOwner(Sender);
            // A finished cell leaves memory (its rounds are in the journal and the results writer); the next one starts.
            if (_activeCells.Remove(p.CellId, out var cellRef)) Context.Stop(cellRef);
            StartCells();
        }
        _dirty = true;
        CheckFinished();
    }

    private void CheckFinished()
    {
        if (_compacting || _finished || !_started || _unfinished > 0) return;
        _compacting = true;
        _results.Tell(new CompactResults());
    }

    private void OnCompacted(ResultsCompacted r)
    {
        _finished = true;
        if (r.Error is not null) _log.Error("result compaction failed: {0}", r.Error);
        _listener?.Tell(new SweepCompleted(Status(), r.Error));
    }

    private void Notify()
    {
        _dirty = false;
        _listener?.Tell(new SweepProgressChanged(Status()));
    }

    private SweepStatus Status()
    {
        var groups = _progress.Values
            .GroupBy(p => (_cellsById.TryGetValue(p.CellId, out var c) ? c.Dataset : "?", c?.Method ?? "?"))
            .Select(g => new GroupStatus(g.Key.Item1, g.Key.Item2,
                g.Count(p => p.State == CellState.Done), g.Count(p => p.State == CellState.Running),
                g.Count(p => p.State == CellState.Pending), g.Count(p => p.State == CellState.Failed),
                g.Where(p => p.Error is not null).Select(p => $"{p.CellId}: {p.Error}").ToArray()))
            .OrderBy(g => g.Dataset).ThenBy(g => g.Method).ToArray();
        return new SweepStatus(_config.Name, groups, _board.Pending, _board.Leased, _board.Completed, _capacity.Count, _finished);
    }
}
