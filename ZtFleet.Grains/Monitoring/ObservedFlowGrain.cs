using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Monitoring;

/// <inheritdoc cref="IObservedFlowGrain"/>
/// <remarks>
/// <para>
/// Keeps the plant's flows in memory, merged per <see cref="ObservedFlow.Key"/>, and the increments since the last
/// write apart; a timer (<see cref="ObservedFlowOptions.FlushPeriod"/>, 5 s) writes those increments to the
/// <see cref="IObservedFlowStore"/> when there are any, and so does deactivation. Increments are added to what is
/// stored, never written over it, so a short overlap of two activations adds up. A write that fails keeps its
/// increments for the next one.
/// </para>
/// <para>
/// What a crash can lose: the increments of the last flush period (at most 5 s of summaries by default), since the
/// telemetry sender has acknowledged those batches already. Observed flows are evidence for the flow map, not a
/// ledger: a flow that keeps happening shows again at once.
/// </para>
/// <para>
/// Bounded: at most <see cref="ObservedFlowOptions.MaxFlowsPerPlant"/> keys (100,000); the events of flows beyond it
/// are counted (<see cref="ObservedFlowList.EventsNotKept"/>), not kept. The flows already kept keep counting.
/// </para>
/// </remarks>
[GrainType("observed-flows")]
public sealed class ObservedFlowGrain(IObservedFlowStore store, IOptions<ObservedFlowOptions> options, ILogger<ObservedFlowGrain> logger)
    : Grain, IObservedFlowGrain
{
    private readonly ObservedFlowOptions _options = options.Value;
    private readonly Dictionary<string, ObservedFlow> _flows = new(StringComparer.Ordinal);
    private Dictionary<string, ObservedFlow> _pending = new(StringComparer.Ordinal);
    private long _eventsNotKept;
    private IGrainTimer? _timer;

    private string Plant => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var flow in await store.LoadAsync(Plant, _options.MaxFlowsPerPlant, cancellationToken))
        {
            _flows[flow.Key] = flow;
        }

        _timer = this.RegisterGrainTimer(
            _ => WriteAsync(CancellationToken.None, rethrow: false),
            new GrainTimerCreationOptions { DueTime = _options.FlushPeriod, Period = _options.FlushPeriod, KeepAlive = false });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await WriteAsync(cancellationToken, rethrow: false);
    }

    public Task RecordAsync(JsonList<ObservedFlow> flows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(flows);
        foreach (var flow in flows)
        {
            var key = flow.Key;
            if (_flows.TryGetValue(key, out var kept))
            {
                _flows[key] = ObservedFlows.Merge(kept, flow) with { Source = flow.Source, Destination = flow.Destination };
            }
            else if (_flows.Count >= _options.MaxFlowsPerPlant)
            {
                _eventsNotKept += flow.Events;
                continue;
            }
            else
            {
                _flows[key] = flow;
            }

            _pending[key] = _pending.TryGetValue(key, out var increment)
                ? ObservedFlows.Merge(increment, flow) with { Source = flow.Source, Destination = flow.Destination }
                : flow;
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<ObservedFlow>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ObservedFlow>>([.. _flows.Values]);

    public Task<ObservedFlowList> ReadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new ObservedFlowList([.. _flows.Values], _options.MaxFlowsPerPlant, _eventsNotKept));

    public Task FlushAsync(CancellationToken cancellationToken = default) => WriteAsync(cancellationToken, rethrow: true);

    private async Task WriteAsync(CancellationToken cancellationToken, bool rethrow)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var writing = _pending;
        _pending = new Dictionary<string, ObservedFlow>(StringComparer.Ordinal);
        var chunks = writing.Values.Chunk(Math.Max(1, _options.FlushBatchSize)).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            try
            {
                await store.AddAsync(Plant, chunks[i], cancellationToken);
            }
            catch (Exception ex)
            {
                // Keep what was not written for the next attempt, merged with what arrived meanwhile.
                foreach (var flow in chunks.Skip(i).SelectMany(c => c))
                {
                    _pending[flow.Key] = _pending.TryGetValue(flow.Key, out var newer) ? ObservedFlows.Merge(flow, newer) with { Source = newer.Source, Destination = newer.Destination } : flow;
                }

                logger.LogWarning(ex, "Writing {Count} observed flow(s) of plant {Plant} failed; kept for the next write", _pending.Count, Plant);
                if (rethrow)
                {
                    throw;
                }

                return;
            }
        }
    }
}
