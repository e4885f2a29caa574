using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using ActiveLab.Cluster.Hosting;
using ActiveLab.Cluster.Protocol;
using ActiveLab.Cluster.Sweeps;
using ActiveLab.Cluster.Training;
using ActiveLab.Core;
using ActiveLab.Core.Randomness;
using ActiveLab.Core.Rounds;
using ActiveLab.Models.CrossValidation;
using ActiveLab.Results;

namespace ActiveLab.Cluster.Actors;

/// <summary>
/// One durable cell (dataset × method × model × repeat). Its rounds advance one after another: plan (consensus,
/// training requests) → one job per fold and member, run by trainers → its <see cref="RoundScorer"/> (scores and
/// selection) → its <see cref="AnnotatorSimulatorActor"/> (simulated labels) → persist the round → next round. After a restart it replays its rounds and resumes at
/// the first unfinished one, so at most the round in flight is recomputed. The science is all in
/// <see cref="RoundEngine"/>; this actor holds protocol and state.
/// </summary>
public sealed class CellActor : ReceivePersistentActor
{
    private readonly SweepCell _cell;
    private readonly SweepConfig _config;
    private readonly LoadedDataset _data;
    private readonly IActorRef _coordinator;
    private readonly IActorRef _results;
    private readonly ActiveLearningMethod _method;
    private readonly RoundContext _context;
    private readonly int _rounds;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private RunState _state;
    private string? _error;
    private readonly List<CellRoundCompleted> _replayed = new();

    // The round in flight.
    private RoundPlan? _plan;
    private CrossValidationPlan[] _cvPlans = [];
    private readonly Dictionary<string, TrainingJobOutput> _outputs = new();
    private int _expectedJobs;
    private double _trainSeconds;
    private string _nodes = "";
    private IActorRef _scorer = ActorRefs.Nobody;
    private IActorRef _simulator = ActorRefs.Nobody;

    private readonly bool _retryFailed;
    private readonly OutageWatch _journal = NodeWatch.Get(Context.System).Journal;

    public CellActor(SweepCell cell, SweepConfig config, LoadedDataset data, IActorRef coordinator, IActorRef results, bool retryFailed)
    {
        _retryFailed = retryFailed;
        _cell = cell;
        _config = config;
        _data = data;
        _coordinator = coordinator;
        _results = results;
        _method = MethodCatalog.Resolve(cell.Dataset, cell.Method);
        _rounds = config.RoundsFor(cell.Dataset);
        _context = new RoundContext(data.NumClasses, config.BatchSizeFor(cell.Dataset), data.TrueLabelsById, data.PoolById,
            data.TestLabels, config.RowWeightBug);
        _state = RunState.Initial(InitialLabels(), data.Data.Unlabeled.Count);
        PersistenceId = $"cell|{config.Name}|{cell.Id}";

        Recover<CellRoundCompleted>(e =>
        {
            _state = _state.Advance(e.Result.ToResult(), e.Carried.ToMatrices());
            _replayed.Add(e);
        });
        Recover<CellFailed>(e => _error = e.Error);
        Recover<CellRetried>(_ => _error = null);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<JobCompleted>(OnJobCompleted);
        Command<RoundScored>(OnScored);
        Command<AnnotationsSimulated>(OnAnnotated);
        Command<RoundStepFailed>(f => { if (f.Round == _state.Round) Fail($"round {f.Round} {f.Step} failed: {f.Error}"); });
        Command<JobGaveUp>(g => Fail($"job {g.JobId} failed {g.Attempts} time(s): {g.Error}"));
    }

    public override string PersistenceId { get; }

    /// <summary>Cells never save snapshots: recovery skips the snapshot store (one database query less per cell start).</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    // Not Props.Create(() => new CellActor(…)): that compiles each captured argument into a dynamic method, i.e. JIT
    // work for every cell started (thousands per sweep).
    public static Props Props(SweepCell cell, SweepConfig config, LoadedDataset data, IActorRef coordinator, IActorRef results, bool retryFailed = false) =>
        Akka.Actor.Props.Create<CellActor>(cell, config, data, coordinator, results, retryFailed);

    // Journal trouble: one line (not a stack trace per cell), reported to the node's journal watch, and the cell stops;
    // the coordinator starts it again with backoff, and it recovers from the journal at its first unfinished round.
    protected override void OnRecoveryFailure(Exception reason, object? message = null) =>
        JournalTrouble("recovery", reason, write: false);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        JournalTrouble("write", cause, write: true);

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        // The journal refused this event (e.g. it cannot serialize it): without a stop the round would wait forever.
        _coordinator.Tell(new CellStopping(_cell.Id, $"the journal rejected round {_state.Round}'s event: {cause.Message}", JournalFault: false));
        Context.Stop(Self);
    }

    private void JournalTrouble(string what, Exception cause, bool write)
    {
        string error = $"journal {what} failed: {cause.Innermost().Message}";
        _log.Warning("cell {0}: {1}", _cell.Id, error);
        _journal.Failed(error, write);
        _coordinator.Tell(new CellStopping(_cell.Id, error, JournalFault: true));
    }


    /// <summary>The single-label arms start from one label per example; every other method from the visible annotations.</summary>
    private LabelMatrix InitialLabels() =>
        _method == ActiveLearningMethods.Single && _data.Data.SingleLabels is { } single
            ? LabelMatrix.FromSingleColumn(single)
            : _data.Data.InitialLabels;

    private bool Done => _state.Round >= _rounds;

    protected override void PreStart()
    {
        _scorer = Context.ActorOf(RoundScorer.Props(), "scorer");
        _simulator = Context.ActorOf(AnnotatorSimulatorActor.Props(), "annotator");
        base.PreStart();
    }

    private void OnRecovered()
    {
        _journal.Succeeded(write: false);
        foreach (var e in _replayed) _results.Tell(Rows(e));
        _replayed.Clear();
        if (_error is not null && _retryFailed && !Done)
        {
            Persist(new CellRetried(_state.Round), _ =>
            {
                _log.Info("cell {0}: retrying from round {1} after: {2}", _cell.Id, _state.Round, _error);
                _error = null;
                StartRound();
            });
        }
        else if (_error is not null) Report(CellState.Failed);
        else if (Done) Report(CellState.Done);
        else StartRound();
    }

    private StreamKey Key(string purpose) => new(_config.Seed, _cell.Dataset, _cell.StreamMethod, _cell.Repeat, _state.Round, purpose);

    private void StartRound()
    {
        try
        {
            _plan = RoundEngine.Plan(_state, _method, _context, Rng.For(Key("tie-break:consensus")));
            var members = MethodCatalog.MembersOf(_method, _cell.Model, _config.EnsembleMembers);
            var options = MethodCatalog.CrossValidation(_cell.Dataset, _config.Folds);
            _cvPlans = new CrossValidationPlan[members.Count];
            _outputs.Clear();
            var jobs = new List<TrainingJob>();
            var cell = new JobCell(_cell.Id, _cell.Dataset, _config.DatasetSeed, _data.Fingerprint, _config.Seed, _cell.StreamMethod,
                _cell.Repeat, _state.Round);
            foreach (var request in _plan.Requests)
            {
                int m = request.Member;
                var rows = new JobRows(request.LabeledIds, request.Labels, request.UnlabeledIds);
                TrainingJob Job(int fold) => new($"{_cell.Id}|r{_state.Round}|m{m}|f{fold}", cell, members[m], m,
                    new FoldSpec(fold, options.Folds, options.Shuffle, options.DuplicateMissingClasses), rows, _config.Trainer);
                var probe = Job(0);
                _cvPlans[m] = FoldPlans.For(request.Labels, _data.NumClasses, options, probe.StreamKey);
                for (int f = 0; f < options.Folds; f++) jobs.Add(Job(f));
                if (request.FullFit) jobs.Add(Job(FoldSpec.FullFit));
            }
            _expectedJobs = jobs.Count;
            Report(CellState.Running);
            _coordinator.Tell(new SubmitJobs(jobs.ToArray()));
        }
        catch (Exception e)
        {
            Fail($"round {_state.Round} could not start: {e.Message}");
        }
    }

    private void OnJobCompleted(JobCompleted msg)
    {
        if (_plan is null || _error is not null || !msg.Output.JobId.StartsWith($"{_cell.Id}|r{_state.Round}|", StringComparison.Ordinal)) return;
        _outputs[msg.Output.JobId] = msg.Output;
        if (_outputs.Count == _expectedJobs) FinishRound();
    }

    /// <summary>All jobs are in: aggregate each member's folds, then hand the round to the scorer.</summary>
    private void FinishRound()
    {
        var plan = _plan!;
        MemberOutputs[] memberOutputs;
        try
        {
            memberOutputs = new MemberOutputs[_cvPlans.Length];
            for (int m = 0; m < memberOutputs.Length; m++)
            {
                var folds = _outputs.Values.Where(o => o.Member == m && o.Fold >= 0)
                    .Select(o => new FoldOutput(o.Fold, o.HeldOut!.ToMatrix(), o.Unlabeled!.ToMatrix(), o.Test!.ToMatrix(), o.Accuracy)).ToList();
                double? full = _outputs.Values.Where(o => o.Member == m && o.Fold == FoldSpec.FullFit).Select(o => (double?)o.Accuracy).FirstOrDefault();
                var cv = CrossValidatedTrainer.Aggregate(_cvPlans[m], folds, full);
                memberOutputs[m] = new MemberOutputs(cv.OutOfFold, cv.Unlabeled, cv.Test, cv.FoldAccuracies, cv.FullFitAccuracy);
            }
        }
        catch (Exception e)
        {
            Fail($"round {_state.Round} failed: {e.Message}");
            return;
        }
        _scorer.Tell(new ScoreRound(_state, _method, _context, plan, memberOutputs, Key("scores"), Key("tie-break:scores")));
        _trainSeconds = _outputs.Values.Sum(o => o.Seconds);
        _nodes = string.Join(",", _outputs.Values.Select(o => o.Node).Distinct().Order());
        _outputs.Clear();   // fold outputs are large; the aggregated member outputs are with the scorer now
    }

    private void OnScored(RoundScored msg)
    {
        if (_plan is null || msg.Round != _state.Round || _error is not null) return;
        _simulator.Tell(new SimulateAnnotations(_state, _context, _plan, msg.Scoring, Key("annotator")));
    }

    /// <summary>The round is complete: persist it, publish its rows, start the next round.</summary>
    private void OnAnnotated(AnnotationsSimulated msg)
    {
        if (_plan is null || msg.Round != _state.Round || _error is not null) return;
        _plan = null;
        var next = msg.Next;
        var completed = new CellRoundCompleted(RoundResultData.From(msg.Result), CarriedProbabilities.From(next.Carried!), _trainSeconds, _nodes);
        Persist(completed, e =>
        {
            _journal.Succeeded();
            _state = next;
            _results.Tell(Rows(e));
            if (Done) Report(CellState.Done);
            else StartRound();
        });
    }

    private void Fail(string error)
    {
        if (_error is not null) return;
        _plan = null;
        _log.Warning("cell {0} failed: {1}", _cell.Id, error);
        Persist(new CellFailed(_state.Round, error), e =>
        {
            _error = e.Error;
            Report(CellState.Failed);
        });
    }

    private void Report(CellState state) =>
        _coordinator.Tell(new CellProgress(_cell.Id, state, Math.Min(_state.Round, _rounds), _rounds, _error));

    private RoundRecorded Rows(CellRoundCompleted e)
    {
        var r = e.Result;
        var round = new RoundRow(_cell.Dataset, _cell.Method, _cell.Model, _cell.Repeat, r.Round, r.ConsensusAccuracy, r.ModelAccuracy,
            r.DistributionEntropy, r.NumNewExamples, r.LabelsCollected, e.TrainSeconds, e.Nodes);
        var labels = new LabelRow[r.AnnotatedIds.Length];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = new LabelRow(_cell.Dataset, _cell.Method, _cell.Model, _cell.Repeat, r.Round, r.AnnotatedIds[i],
                i < r.RelabeledIds.Length ? "relabel" : "new", i, r.AnnotatedLabels[i]);
        return new RoundRecorded(round, labels);
    }
}
