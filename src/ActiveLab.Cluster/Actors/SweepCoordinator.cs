using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActiveLab.Cluster.Hosting;
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
    /// <param name="RetryFailed">Failed cells get a new chance: they resume at the round that failed.</param>
    public sealed record Options(bool AddNewCells = false, bool RetryFailed = false);

    private sealed record Tick;
    private sealed record RestartCell(string CellId);

    /// <summary>A cell that stops this many times in a row without finishing a round (for reasons other than the
    /// journal, which has its own time window) is marked failed for this run.</summary>
    private const int MaxCellRestarts = 5;


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
    private readonly Dictionary<IActorRef, string> _cellIdsByRef = new();
    private readonly Dictionary<string, (int Restarts, string LastError)> _cellTrouble = new();
    private readonly Dictionary<string, string> _stopReasons = new();
    private readonly TrainerActivity<IActorRef> _trainers = new();
    private readonly OutageWatch _journal = NodeWatch.Get(Context.System).Journal;
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
        Recover<SweepDataRecorded>(d => { foreach (var f in d.Datasets) _fingerprints[f.Dataset] = f.Fingerprint; });
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SubmitJobs>(m => { _board.Add(m.Jobs, Sender); Dispatch(); });
        Command<RequestWork>(OnRequestWork);
        Command<RenewLeases>(m =>
        {
            var deadline = DateTime.UtcNow + _config.LeaseTimeout;
            _trainers.Seen(Sender, null, DateTime.UtcNow);
            for (int i = 0; i < Math.Min(m.JobIds.Length, m.LeaseIds.Length); i++) _board.Renew(m.JobIds[i], m.LeaseIds[i], Sender, deadline);
        });
        Command<JobSucceeded>(m =>
        {
            if (m.Output.JobId != m.JobId) return; // malformed: a result must be for the job it names
            if (_board.LeasedJob(m.JobId, m.LeaseId, Sender) is { } job && ResultCheck.Problem(job, m.Output, _datasets) is { } problem)
            {
                // A result of the wrong shape fails that job (it is retried), never the cell that would aggregate it.
                _log.Warning("job {0}: result refused: {1}", m.JobId, problem);
                if (_board.Fail(m.JobId, m.LeaseId, Sender, "result refused: " + problem) is { } g) g.Owner.Tell(new JobGaveUp(g.Job.JobId, g.Error, g.Attempts));
                Dispatch();
                return;
            }
            var (accepted, owner) = _board.Complete(m.JobId, m.LeaseId, Sender);
            if (accepted)
            {
                owner!.Tell(new JobCompleted(m.Output));
                _trainers.Completed(Sender, DateTime.UtcNow);
            }
        });
        Command<JobFailed>(m =>
        {
            _log.Warning("job {0} failed on {1}: {2}", m.JobId, m.Node, m.Error);
            _trainers.Failed(Sender, DateTime.UtcNow);
            if (_board.Fail(m.JobId, m.LeaseId, Sender, m.Error) is { } g) g.Owner.Tell(new JobGaveUp(g.Job.JobId, g.Error, g.Attempts));
            Dispatch();
        });
        Command<ReturnLeases>(m =>
        {
            // A stopping node: its jobs go back to the queue now, and it gets no more.
            int n = 0;
            for (int i = 0; i < Math.Min(m.JobIds.Length, m.LeaseIds.Length); i++)
                if (_board.Return(m.JobIds[i], m.LeaseIds[i], Sender)) n++;
            if (_capacity.ContainsKey(Sender)) _capacity[Sender] = 0;
            if (n > 0) _log.Info("{0} lease(s) handed back: {1}", n, m.Reason);
            Sender.Tell(new LeasesReturned(n));
            Dispatch();
        });
        Command<Terminated>(t =>
        {
            if (_cellIdsByRef.Remove(t.ActorRef, out var cellId))
            {
                OnCellTerminated(t.ActorRef, cellId);
                return;
            }
            _capacity.Remove(t.ActorRef);
            _board.ReleaseWorker(t.ActorRef);
            Dispatch();
        });
        Command<CellStopping>(m => _stopReasons[m.CellId] = m.Error);
        Command<RestartCell>(m =>
        {
            if (_cellsById.TryGetValue(m.CellId, out var cell) && !_activeCells.ContainsKey(m.CellId)
                && _progress[m.CellId].State is CellState.Pending or CellState.Running)
                StartCell(cell);
        });
        Command<Tick>(_ =>
        {
            _board.Expire(DateTime.UtcNow);
            Dispatch();
            if (_dirty) Notify();
        });
        Command<CellProgress>(OnCellProgress);
        Command<GetSweepStatus>(_ => Sender.Tell(Status()));
        Command<GetSweepDetail>(_ => Sender.Tell(Detail()));
        Command<ResultsCompacted>(OnCompacted);
    }

    public override string PersistenceId { get; }

    /// <summary>The coordinator never saves snapshots: recovery goes straight to the journal, so an unreachable database
    /// is noticed at once instead of after the snapshot store's 30-s timeout.</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SweepConfig config, DatasetRegistry datasets, Props resultsProps, IActorRef? listener, Options? options = null) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(config, datasets, resultsProps, listener, options));

    // The journal failed: one line, reported to the node's journal watch; the actor stops and its backoff supervisor
    // (SweepNode.StartCoordinator) starts it again, until the journal is back or the outage outlasts the window.
    protected override void OnRecoveryFailure(Exception reason, object? message = null) => JournalTrouble("recovery", reason, write: false);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) => JournalTrouble("write", cause, write: true);

    private void JournalTrouble(string what, Exception cause, bool write)
    {
        string error = $"journal {what} failed: {cause.Innermost().Message}";
        _log.Warning("coordinator of sweep {0}: {1}", _config.Name, error);
        _journal.Failed(error, write);
    }

    /// <summary>Datasets whose fingerprint was recorded when the sweep started (dataset → fingerprint).</summary>
    private readonly Dictionary<string, string> _fingerprints = new();

    private void OnRecovered()
    {
        _journal.Succeeded(write: false);
        var expanded = SweepGrid.Expand(_config);
        string hash = _config.Hash(), settings = _config.SettingsHash();
        if (_manifest is null)
        {
            Persist(new SweepManifestRecorded(hash, settings, _config.RedactedSource, expanded.ToArray()), m =>
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
            // Checked before the new cells are recorded: a refusal must leave the sweep as it was.
            if (ChangedData(out _) is { } refusal)
            {
                _listener?.Tell(refusal);
                Context.Stop(Self);
                return;
            }
            Persist(new SweepCellsAdded(hash, _config.RedactedSource, added), a =>
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

    /// <summary>
    /// The data a resumed sweep reads must be the data it started with: each dataset's content fingerprint is recorded
    /// with the manifest and compared on every start; a changed file is refused like a changed config.
    /// </summary>
    private void Start()
    {
        if (_started) return;
        if (ChangedData(out var current) is { } refusal)
        {
            _listener?.Tell(refusal);
            Context.Stop(Self);
            return;
        }
        if (current.Count > 0)
        {
            Persist(new SweepDataRecorded(current.ToArray()), e =>
            {
                foreach (var f in e.Datasets) _fingerprints[f.Dataset] = f.Fingerprint;
                StartNow();
            });
            return;
        }
        StartNow();
    }

    /// <summary>
    /// The refusal when a dataset of the sweep's cells no longer has the fingerprint recorded when the sweep started;
    /// else null, with <paramref name="unrecorded"/> = the fingerprints not recorded yet.
    /// </summary>
    private SweepRefused? ChangedData(out List<DatasetFingerprint> unrecorded)
    {
        unrecorded = new List<DatasetFingerprint>();
        foreach (var d in _cells.Select(c => c.Dataset).Distinct())
        {
            string fingerprint;
            try
            {
                fingerprint = _datasets.Get(d, _config.DatasetSeed).Fingerprint;
            }
            catch (Exception)
            {
                continue; // reported per cell by StartCells
            }
            if (_fingerprints.TryGetValue(d, out var recorded) && recorded != fingerprint)
                return new SweepRefused(
                    $"dataset {d} changed since sweep '{_config.Name}' started (content fingerprint {recorded[..12]}, now {fingerprint[..12]}): " +
                    "its rounds would mix two versions of the data. Restore the original files, or start a new sweep (another name or results dir).");
            if (!_fingerprints.ContainsKey(d)) unrecorded.Add(new DatasetFingerprint(d, fingerprint));
        }
        return null;
    }

    private void StartNow()
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
            StartCell(cell, data);
        }
    }

    private void StartCell(SweepCell cell, LoadedDataset? data = null)
    {
        data ??= _datasets.Get(cell.Dataset, _config.DatasetSeed);
        var cellRef = Context.ActorOf(CellActor.Props(cell, _config, data, Self, _results, _options.RetryFailed), ActorName(cell));
        Context.Watch(cellRef);
        _activeCells[cell.Id] = cellRef;
        _cellIdsByRef[cellRef] = cell.Id;
    }

    /// <summary>
    /// A cell stopped. Finished cells are stopped by us (already unwatched); any other stop is unexpected: its jobs are
    /// dropped and it starts again with backoff (it resumes from the journal). Journal outages are bounded by the
    /// journal watch's window; other repeated stops mark the cell failed for this run.
    /// </summary>
    private void OnCellTerminated(IActorRef cellRef, string cellId)
    {
        _board.RemoveOwner(cellRef);
        _activeCells.Remove(cellId);
        if (_progress[cellId].State is CellState.Done or CellState.Failed) { StartCells(); return; }
        string reason = _stopReasons.Remove(cellId, out var r) ? r : "the cell actor stopped unexpectedly";
        var trouble = _cellTrouble.GetValueOrDefault(cellId);
        bool journal = _journal.FailingSince is not null;
        trouble = (journal ? trouble.Restarts : trouble.Restarts + 1, reason);
        _cellTrouble[cellId] = trouble;
        if (trouble.Restarts >= MaxCellRestarts)
        {
            _log.Error("cell {0} stopped {1} times: {2}", cellId, trouble.Restarts, reason);
            _progress[cellId] = _progress[cellId] with { State = CellState.Failed, Error = $"stopped {trouble.Restarts} times: {reason}" };
            _unfinished--;
            _dirty = true;
            StartCells();
            CheckFinished();
            return;
        }
        var delay = TimeSpan.FromSeconds(Math.Min(15, Math.Pow(2, Math.Min(4, trouble.Restarts))));
        Timers.StartSingleTimer("restart-" + cellId, new RestartCell(cellId), delay);
    }

    /// <summary>manifest.json: config, hash, versions and the cells (rewritten atomically at every start).</summary>
    private void WriteManifestFile()
    {
        try
        {
            var manifest = ActiveLab.Results.SweepManifest.Create(_config.Name, SweepConfig.Redact(_manifest!.ConfigText), _manifest.ConfigHash,
                _cells.Select(c => new ActiveLab.Results.SweepManifestCell(c.Dataset, c.Method, c.Model, c.Repeat)));
            ActiveLab.Results.SweepManifestFile.WriteToSweep(_config.SweepDir, manifest);
        }
        catch (Exception e)
        {
            // Without its manifest a results folder cannot be read back correctly: the node stops (exit 5) rather than
            // run a sweep whose results would be incomplete.
            NodeWatch.Get(Context.System).Health.Stop(NodeStopKind.Unavailable,
                $"could not write {Path.Combine(_config.SweepDir, "manifest.json")}: {e.Message}");
        }
    }

    private static string ActorName(SweepCell cell) => "cell-" + Uri.EscapeDataString(cell.Id).Replace("%", "~");

    private void OnRequestWork(RequestWork m)
    {
        if (_finished)
        {
            Sender.Tell(new SweepFinished(_config.Name)); // a trainer that (re)joined after the end
            return;
        }
        _trainers.Seen(Sender, m.Node, DateTime.UtcNow);
        if (!_capacity.ContainsKey(Sender))
        {
            Context.Watch(Sender);
            _fairness.Enqueue(Sender);
        }
        // A claim is capped: a node claiming int.MaxValue slots must not take every queued job.
        _capacity[Sender] = Math.Clamp(m.Slots, 0, _config.MaxSlotsPerNode);
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
        if (p.RoundsDone > (_progress.TryGetValue(p.CellId, out var old) ? old.RoundsDone : 0)) _cellTrouble.Remove(p.CellId);
        bool wasOpen = !_progress.TryGetValue(p.CellId, out var before) || before.State is CellState.Pending or CellState.Running;
        _progress[p.CellId] = p;
        if (p.State is CellState.Failed or CellState.Done)
        {
            if (wasOpen) _unfinished--;
            _board.RemoveOwner(Sender);
            // A finished cell leaves memory (its rounds are in the journal and the results writer); the next one starts.
            if (_activeCells.Remove(p.CellId, out var cellRef))
            {
                Context.Unwatch(cellRef);
                _cellIdsByRef.Remove(cellRef);
                Context.Stop(cellRef);
            }
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
        // Workers exit when told the sweep is complete (a seed that merely stops leaves them waiting to rejoin).
        foreach (var trainer in _capacity.Keys) trainer.Tell(new SweepFinished(_config.Name));
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
        long roundsDone = 0, roundsLeft = 0;
        foreach (var p in _progress.Values)
        {
            roundsDone += p.RoundsDone;
            if (p.State is CellState.Pending or CellState.Running) roundsLeft += Math.Max(0, p.Rounds - p.RoundsDone);
        }
        return new SweepStatus(_config.Name, groups, _board.Pending, _board.Leased, _board.Completed, _capacity.Count, _finished,
            roundsDone, roundsLeft);
    }

    /// <summary>Every cell (in grid order) and every trainer heard from, for the dashboard.</summary>
    private SweepDetail Detail()
    {
        var cells = _cells.Select(c =>
        {
            var p = _progress.GetValueOrDefault(c.Id) ?? new CellProgress(c.Id, CellState.Pending, 0, _config.RoundsFor(c.Dataset), null);
            return new CellDetail(c.Id, c.Dataset, c.Method, c.Model, c.Repeat, p.State, p.RoundsDone, p.Rounds, p.Error);
        }).ToArray();
        var trainers = _trainers.All()
            .Select(t => new TrainerDetail(t.Node, _capacity.GetValueOrDefault(t.Worker), _board.LeasedTo(t.Worker), t.JobsDone, t.JobsFailed, t.LastSeenUtc))
            .ToArray();
        return new SweepDetail(Status(), cells, trainers);
    }
}
