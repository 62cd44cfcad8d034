using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Access;

/// <inheritdoc cref="IAccessRequestIndexGrain"/>
/// <remarks>
/// A request grain records itself after it has persisted its own change, so a crash in between leaves this index one
/// status behind until the request's next change (or a repeated submission) records it again; readers take the
/// request itself from its grain, so a stale status here can only put a request in the wrong list, never show wrong
/// facts about it.
/// </remarks>
[GrainType("access-request-index")]
public sealed class AccessRequestIndexGrain(
    [PersistentState("access-request-index", ProviderNames.Storage)] IPersistentState<AccessRequestIndexGrainState> state) : Grain, IAccessRequestIndexGrain
{
    public async Task RecordAsync(string requestId, AccessRequestStatus status, CancellationToken cancellationToken = default)
    {
        if (state.State.Statuses.TryGetValue(requestId, out var known) && known == status)
        {
            return;
        }

        if (!state.State.Statuses.ContainsKey(requestId))
        {
            state.State.Ids.Add(requestId);
        }

        state.State.Statuses[requestId] = status;
        await state.WriteStateAsync(cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(IReadOnlyCollection<AccessRequestStatus> statuses, int limit, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        for (var i = state.State.Ids.Count - 1; i >= 0 && ids.Count < limit; i--)
        {
            var id = state.State.Ids[i];
            if (statuses.Count == 0 || statuses.Contains(state.State.Statuses[id]))
            {
                ids.Add(id);
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(ids);
    }
}
