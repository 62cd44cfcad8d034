using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Grpc.Core;
using Orleans.Streams;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.PlantViews;

/// <summary>
/// One plant as this API replica sees it: an immutable <see cref="PlantSnapshot"/> moved forward delta by delta in
/// epoch order, and the recent deltas for watchers.
/// </summary>
/// <remarks>
/// <para>
/// One pump task is the only writer. It loads the snapshot (subscribing to the plant's stream first, so nothing
/// published after the snapshot is missed), then applies what the stream delivers. Anything out of order (a lost or
/// late stream message), a periodic refresh that finds the plant ahead, or a reader that needs a newer epoch makes
/// it read the delta log from its epoch on. A delta it cannot apply makes it reload the whole snapshot.
/// </para>
/// <para>
/// Readers never lock: the current snapshot is one volatile reference (kept as a completed task, so answering from a
/// current view allocates nothing), and every advance completes a signal that waiters re-check against.
/// When the cluster cannot be reached the view keeps its last snapshot (fail-static) and says so in the log.
/// </para>
/// </remarks>
internal sealed class PlantView : IAsyncDisposable
{
    private const int WatchBatch = 256;

    private readonly IClusterClient _cluster;
    private readonly PlantViewOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DeltaRing _recent;
    private readonly Channel<DeltaRecord?> _inbox = Channel.CreateUnbounded<DeltaRecord?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();

    private Task _pump = Task.CompletedTask;
    private Task<PlantSnapshot>? _current;
    private TaskCompletionSource _advanced = NewSignal();
    private StreamSubscriptionHandle<DeltaRecord>? _subscription;
    private volatile bool _missing;
    private volatile bool _awaitingDefinition;
    private volatile bool _unreachable;
    private int _catchUpRequested;
    private int _resubscribeRequested;
    private int _refreshing;

    /// <summary>The highest epoch the stream delivered, or the epoch the view stood at when it (re)subscribed.</summary>
    private long _streamedEpoch;

    /// <summary>An epoch the plant had at the last refresh that the stream had not delivered then.</summary>
    private long? _undeliveredEpoch;

    public PlantView(PlantId plant, IClusterClient cluster, PlantViewOptions options, TimeProvider time, ILogger logger)
    {
        Plant = plant;
        _cluster = cluster;
        _options = options;
        _time = time;
        _logger = logger;
        _recent = new DeltaRing(options.RecentDeltas);
    }

    public PlantId Plant { get; }

    /// <summary>The current snapshot, or null until the view has loaded.</summary>
    public PlantSnapshot? Snapshot => Volatile.Read(ref _current)?.Result;

    /// <summary>True once the plant turned out not to exist; the cache then forgets this view.</summary>
    public bool IsMissing => _missing;

    private IPlantGrain Grain => _cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(Plant));

    public void Start() => _pump = Task.Run(RunAsync);

    /// <summary>
    /// The snapshot at <paramref name="atLeastEpoch"/> or later. A view that is older catches up and waits a
    /// bounded time, then answers UNAVAILABLE: never an older state. A plant that does not exist is NOT_FOUND.
    /// </summary>
    /// <summary>The delta of <paramref name="epoch"/> when it is among the recent deltas held; null otherwise.</summary>
    public DeltaRecord? Recent(long epoch)
    {
        var found = new List<DeltaRecord>(1);
        return _recent.TryCopyAfter(epoch - 1, found, 1) && found.Count == 1 && found[0].Epoch == epoch ? found[0] : null;
    }

    public Task<PlantSnapshot> GetAsync(long atLeastEpoch, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _current);
        return current is not null && current.Result.Epoch >= atLeastEpoch ? current : WaitAsync(atLeastEpoch, cancellationToken);
    }

    /// <summary>
    /// Every delta after <paramref name="sinceEpoch"/>, exactly once and in epoch order: from the log while the
    /// watcher is further behind than the recent deltas held here, then from memory as the view advances.
    /// </summary>
    /// <remarks>
    /// The cursor is the watcher's own: it yields only the record right after it, so the seam between log and live
    /// deltas, a reload of the view or a repeated stream message can neither skip nor repeat a delta.
    /// </remarks>
    public async IAsyncEnumerable<DeltaRecord> WatchAsync(long sinceEpoch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await GetAsync(0, cancellationToken);
        var cursor = sinceEpoch;
        var batch = new List<DeltaRecord>(WatchBatch);
        while (true)
        {
            // Taken before looking, so an advance between the look and the wait is not missed.
            var advanced = Volatile.Read(ref _advanced).Task;
            batch.Clear();
            if (!_recent.TryCopyAfter(cursor, batch, WatchBatch))
            {
                batch.AddRange(await Grain.ReadDeltasAsync(cursor, _options.LogPageSize, cancellationToken));
            }

            var delivered = false;
            foreach (var record in batch)
            {
                if (record.Epoch <= cursor)
                {
                    continue;
                }

                if (record.Epoch != cursor + 1)
                {
                    break;
                }

                yield return record;
                cursor = record.Epoch;
                delivered = true;
            }

            if (!delivered)
            {
                await advanced.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Asks the plant for its epoch (cheap) and catches up from the log when the view is behind. A stream that
    /// delivered nothing of a delta for a whole refresh period is subscribed again.
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (Snapshot is null || Interlocked.Exchange(ref _refreshing, 1) == 1)
        {
            return;
        }

        try
        {
            var epoch = await Grain.GetEpochAsync(cancellationToken);
            Reachable();
            var streamed = Interlocked.Read(ref _streamedEpoch);
            if (_undeliveredEpoch is { } undelivered && streamed < undelivered)
            {
                _logger.LogWarning(
                    "Plant view {Plant}: the delta stream has not delivered epoch {Epoch} for a whole refresh period; subscribing again",
                    Plant, undelivered);
                _undeliveredEpoch = null;
                Interlocked.Exchange(ref _resubscribeRequested, 1);
                RequestCatchUp(force: true);
            }
            else
            {
                _undeliveredEpoch = epoch > streamed ? epoch : null;
            }

            if (epoch > (Snapshot?.Epoch ?? 0))
            {
                RequestCatchUp();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Unreachable(ex);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _inbox.Writer.TryComplete();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }

        await UnsubscribeAsync(_subscription);
        _stopping.Dispose();
    }

    private async Task<PlantSnapshot> WaitAsync(long atLeastEpoch, CancellationToken cancellationToken)
    {
        var loaded = Volatile.Read(ref _current) is not null;
        if (loaded)
        {
            // The caller saw a newer epoch than this view: do not wait for the stream or the next refresh.
            RequestCatchUp();
        }

        using var timeout = new CancellationTokenSource(loaded ? _options.CatchUpTimeout : _options.LoadTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        while (true)
        {
            var advanced = Volatile.Read(ref _advanced).Task;
            if (_missing)
            {
                throw new NotFoundException($"Plant '{Plant}'");
            }

            var snapshot = Snapshot;
            if (snapshot is not null && snapshot.Epoch >= atLeastEpoch)
            {
                return snapshot;
            }

            try
            {
                await advanced.WaitAsync(linked.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TemporarilyUnavailableException(snapshot is null
                    ? _awaitingDefinition
                        ? $"Plant '{Plant}' is in the fleet but has not committed its definition yet (an apply is committing); retry."
                        : $"The view of plant '{Plant}' could not be loaded in time; retry."
                    : $"The view of plant '{Plant}' is at epoch {snapshot.Epoch}, the request needs at least {atLeastEpoch}; retry.");
            }
        }
    }

    private async Task RunAsync()
    {
        var stopping = _stopping.Token;
        try
        {
            if (!await LoadAsync(stopping))
            {
                return;
            }

            await foreach (var record in _inbox.Reader.ReadAllAsync(stopping))
            {
                try
                {
                    if (record is not null)
                    {
                        await OnStreamedAsync(record, stopping);
                    }
                    else
                    {
                        await OnRequestAsync(stopping);
                    }
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    // Fail-static: keep the last snapshot; the next refresh or request tries again.
                    Unreachable(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Plant view {Plant} stopped", Plant);
        }
    }

    /// <summary>
    /// Subscribes, loads the snapshot and catches up; retries until it has one. False: no such plant.
    /// </summary>
    /// <remarks>
    /// A plant without a definition is missing only when the fleet does not list it either. One the fleet lists has
    /// been decided and its plant grain is still committing it (or the commit is being retried): the view keeps
    /// trying, so readers wait a bounded time and then get UNAVAILABLE, never NOT_FOUND for a plant that exists.
    /// </remarks>
    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                await SubscribeAsync();
                var data = await Grain.GetSnapshotAsync(cancellationToken);
                if (data is null && await FleetListsAsync(cancellationToken))
                {
                    if (!_awaitingDefinition)
                    {
                        _awaitingDefinition = true;
                        _logger.LogInformation("Plant view {Plant}: the fleet lists the plant, its definition is not committed yet; waiting", Plant);
                    }

                    Reachable();
                    await Task.Delay(delay, _time, cancellationToken);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RefreshInterval.Ticks));
                    continue;
                }

                if (data is null)
                {
                    _missing = true;
                    Signal();
                    return false;
                }

                _awaitingDefinition = false;

                var snapshot = PlantSnapshots.From(data);
                await FillRecentAsync(snapshot.Epoch, cancellationToken);
                Publish(snapshot);
                RaiseStreamedEpoch(snapshot.Epoch);
                Reachable();
                _logger.LogDebug("Plant view {Plant} loaded at epoch {Epoch}", Plant, snapshot.Epoch);
                break;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Unreachable(ex);
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RefreshInterval.Ticks));
            }
        }

        try
        {
            await CatchUpAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Unreachable(ex);
        }

        return true;
    }

    /// <summary>True when the fleet's registry (the last decided document) has this plant.</summary>
    private async Task<bool> FleetListsAsync(CancellationToken cancellationToken) =>
        (await _cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(cancellationToken)).Plants.Contains(Plant);

    /// <summary>
    /// Holds the log's last deltas up to <paramref name="epoch"/> in memory, so that enforcement points reconnecting
    /// to a freshly loaded view (after an API restart, say) do not each read them from the log.
    /// </summary>
    private async Task FillRecentAsync(long epoch, CancellationToken cancellationToken)
    {
        var from = Math.Max(0, epoch - _options.RecentDeltas);
        _recent.Reset(from);
        try
        {
            var next = from;
            while (next < epoch)
            {
                var records = await Grain.ReadDeltasAsync(next, (int)Math.Min(_options.LogPageSize, epoch - next), cancellationToken);
                foreach (var record in records.TakeWhile(r => r.Epoch <= epoch))
                {
                    if (record.Epoch != next + 1)
                    {
                        throw new InvalidOperationException($"The log of plant '{Plant}' has epoch {record.Epoch} after {next}.");
                    }

                    _recent.Append(record);
                    next = record.Epoch;
                }

                if (records.Count == 0)
                {
                    break;
                }
            }

            if (next != epoch)
            {
                _recent.Reset(epoch);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only an optimisation: watchers further behind read the log themselves.
            _logger.LogDebug(ex, "Plant view {Plant}: could not keep the recent deltas in memory", Plant);
            _recent.Reset(epoch);
        }
    }

    private async Task OnStreamedAsync(DeltaRecord record, CancellationToken cancellationToken)
    {
        var epoch = Snapshot!.Epoch;
        if (record.Epoch <= epoch)
        {
            return;
        }

        if (record.Payload.Length == 0)
        {
            // A notice of a delta too large for the stream: the log has it.
            await CatchUpAsync(cancellationToken);
            return;
        }

        if (record.Epoch != epoch + 1 || !TryApply(record))
        {
            // A gap (a lost or late message) or a delta this view cannot apply: the log has everything in order.
            await CatchUpAsync(cancellationToken);
        }
    }

    private async Task OnRequestAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _resubscribeRequested, 0) == 1)
        {
            await SubscribeAsync();
            RaiseStreamedEpoch(Snapshot!.Epoch);
        }

        if (Interlocked.Exchange(ref _catchUpRequested, 0) == 1)
        {
            await CatchUpAsync(cancellationToken);
        }
    }

    /// <summary>Applies the log after the view's epoch, page by page, until it has read the end.</summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var records = await Grain.ReadDeltasAsync(Snapshot!.Epoch, _options.LogPageSize, cancellationToken);
            Reachable();
            foreach (var record in records)
            {
                var epoch = Snapshot!.Epoch;
                if (record.Epoch <= epoch)
                {
                    continue;
                }

                // The log always holds the whole delta (only stream notices are empty): a record it cannot give in
                // order and whole is reason to reload the snapshot, never to read the same page again (which would
                // find the same record and never end).
                if (record.Payload.Length == 0)
                {
                    _logger.LogError(
                        "Plant view {Plant}: the delta log holds epoch {Epoch} ({Kind}) without a payload; reloading the snapshot instead",
                        Plant, record.Epoch, record.Kind);
                    await ReloadAsync(cancellationToken);
                    return;
                }

                if (record.Epoch != epoch + 1 || !TryApply(record))
                {
                    await ReloadAsync(cancellationToken);
                    return;
                }
            }

            // A page may end early on its size (definitions are megabytes): only an empty one is the end of the log.
            if (records.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>Replaces the snapshot with the plant's current one (the log could not move it forward).</summary>
    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var data = await Grain.GetSnapshotAsync(cancellationToken);
        var current = Snapshot!;
        if (data is null || data.Epoch < current.Epoch)
        {
            _logger.LogWarning("Plant view {Plant}: no newer snapshot to reload (plant removed?); keeping epoch {Epoch}", Plant, current.Epoch);
            return;
        }

        var snapshot = PlantSnapshots.From(data);
        _recent.Reset(snapshot.Epoch);
        Publish(snapshot);
        _logger.LogWarning("Plant view {Plant} reloaded its snapshot: epoch {From} → {To}", Plant, current.Epoch, snapshot.Epoch);
    }

    private bool TryApply(DeltaRecord record)
    {
        PlantSnapshot next;
        try
        {
            next = Snapshot!.Apply(DeltaSerializer.FromRecord(record));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "Plant view {Plant} cannot apply delta {Epoch} ({Kind}); reloading the snapshot", Plant, record.Epoch, record.Kind);
            return false;
        }

        _recent.Append(record);
        Publish(next);
        return true;
    }

    private void Publish(PlantSnapshot snapshot)
    {
        Volatile.Write(ref _current, Task.FromResult(snapshot));
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _advanced, NewSignal()).TrySetResult();

    private void RequestCatchUp(bool force = false)
    {
        if (Interlocked.Exchange(ref _catchUpRequested, 1) == 0 || force)
        {
            _inbox.Writer.TryWrite(null);
        }
    }

    /// <summary>(Re)subscribes to the plant's stream; a previous subscription is dropped after the new one exists.</summary>
    private async Task SubscribeAsync()
    {
        var previous = _subscription;
        _subscription = await _cluster.Of(Plant).SubscribeAsync(OnNextAsync);
        if (previous is not null)
        {
            await UnsubscribeAsync(previous);
        }
    }

    private Task OnNextAsync(DeltaRecord record, StreamSequenceToken? token)
    {
        RaiseStreamedEpoch(record.Epoch);
        _inbox.Writer.TryWrite(record);
        return Task.CompletedTask;
    }

    private async Task UnsubscribeAsync(StreamSubscriptionHandle<DeltaRecord>? subscription)
    {
        if (subscription is null)
        {
            return;
        }

        try
        {
            await subscription.UnsubscribeAsync().WaitAsync(TimeSpan.FromSeconds(2), _time);
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Plant view {Plant}: dropping a stream subscription failed", Plant);
        }
    }

    private void RaiseStreamedEpoch(long epoch)
    {
        var seen = Interlocked.Read(ref _streamedEpoch);
        while (epoch > seen)
        {
            var before = Interlocked.CompareExchange(ref _streamedEpoch, epoch, seen);
            if (before == seen)
            {
                return;
            }

            seen = before;
        }
    }

    private void Unreachable(Exception ex)
    {
        if (!_unreachable)
        {
            _unreachable = true;
            _logger.LogWarning(ex, "Plant view {Plant}: the cluster is unreachable; serving epoch {Epoch} from memory (fail-static)", Plant, Snapshot?.Epoch);
        }
        else
        {
            _logger.LogDebug(ex, "Plant view {Plant}: the cluster is still unreachable", Plant);
        }
    }

    private void Reachable()
    {
        if (_unreachable)
        {
            _unreachable = false;
            _logger.LogInformation("Plant view {Plant}: the cluster is reachable again at epoch {Epoch}", Plant, Snapshot?.Epoch);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
