using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Propagation;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.PlantViews;

/// <summary>
/// This API replica's views of the plants it serves: per plant the current <see cref="PlantSnapshot"/>, kept
/// current from the plant's delta stream and, whenever the stream falls short, from its delta log. Decisions are
/// computed on these snapshots in-process; enforcement points watch their plant's deltas through them.
/// </summary>
/// <remarks>
/// A view loads on first use and is then kept current; <see cref="PlantViewRefresher"/> asks every plant for its
/// epoch every <see cref="PlantViewOptions.RefreshInterval"/> so a lost stream message costs at most that long.
/// When the cluster is unreachable a view keeps serving its last snapshot (fail-static), but a request that
/// needs a newer epoch than it holds is refused, never answered from the older state.
/// </remarks>
public sealed class PlantViewCache(
    IClusterClient cluster,
    IOptions<PlantViewOptions> options,
    ControlPlaneClock time,
    ILogger<PlantViewCache> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<PlantId, PlantView> _views = new();

    /// <summary>
    /// The plant's snapshot at <paramref name="atLeastEpoch"/> or later (0: whatever the view holds). A view that is
    /// older catches up and waits up to <see cref="PlantViewOptions.CatchUpTimeout"/>, then fails UNAVAILABLE.
    /// </summary>
    /// <exception cref="NotFoundException">No such plant.</exception>
    /// <exception cref="TemporarilyUnavailableException">Not loaded or not caught up in time.</exception>
    public Task<PlantSnapshot> GetAsync(PlantId plant, long atLeastEpoch, CancellationToken cancellationToken)
    {
        var view = ViewOf(plant);
        var snapshot = view.GetAsync(atLeastEpoch, cancellationToken);
        return snapshot.IsCompletedSuccessfully ? snapshot : ForgetIfMissingAsync(view, snapshot);
    }

    /// <summary>
    /// Every delta of the plant after <paramref name="sinceEpoch"/>, exactly once, in epoch order: first those
    /// already in the log, then live ones as they arrive, without a gap or a repeat at the seam. Runs until
    /// cancelled.
    /// </summary>
    /// <exception cref="NotFoundException">No such plant.</exception>
    public async IAsyncEnumerable<DeltaRecord> WatchAsync(PlantId plant, long sinceEpoch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await GetAsync(plant, 0, cancellationToken);
        await foreach (var record in ViewOf(plant).WatchAsync(sinceEpoch, cancellationToken))
        {
            yield return record;
        }
    }

    /// <summary>Asks every loaded plant for its epoch and catches up the views that are behind.</summary>
    /// <summary>
    /// The delta of <paramref name="epoch"/> when this process's view of the plant still holds it among its recent
    /// deltas; null otherwise (no view, or too old).
    /// </summary>
    public DeltaRecord? Recent(PlantId plant, long epoch) =>
        _views.TryGetValue(plant, out var view) ? view.Recent(epoch) : null;

    public Task RefreshAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_views.Values.Select(view => view.RefreshAsync(cancellationToken)));

    public async ValueTask DisposeAsync()
    {
        foreach (var plant in _views.Keys.ToList())
        {
            if (_views.TryRemove(plant, out var view))
            {
                await view.DisposeAsync();
            }
        }
    }

    private PlantView ViewOf(PlantId plant)
    {
        while (true)
        {
            if (_views.TryGetValue(plant, out var view))
            {
                return view;
            }

            var created = new PlantView(plant, cluster, options.Value, time, logger);
            if (_views.TryAdd(plant, created))
            {
                created.Start();
                return created;
            }
        }
    }

    private async Task<PlantSnapshot> ForgetIfMissingAsync(PlantView view, Task<PlantSnapshot> snapshot)
    {
        try
        {
            return await snapshot;
        }
        catch (NotFoundException) when (view.IsMissing)
        {
            // The plant may be created later: the next request builds a new view.
            if (_views.TryRemove(KeyValuePair.Create(view.Plant, view)))
            {
                await view.DisposeAsync();
            }

            throw;
        }
    }
}
