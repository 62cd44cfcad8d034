using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Security;

/// <inheritdoc cref="ITokenRevocationGrain"/>
/// <remarks>
/// The list is small (administrative tokens live an hour at most; points are few) and changes rarely, so it is one
/// state row rewritten on each addition. Expired entries are dropped with the next write and hidden from readers.
/// The push happens after the write: a reader never hears of a revocation a restart could forget. A lost push is
/// found by the readers' periodic reload (the version grows by one per addition, so they see the gap).
/// </remarks>
[GrainType("token-revocation")]
public sealed class TokenRevocationGrain(
    [PersistentState("token-revocation", ProviderNames.Storage)] IPersistentState<TokenRevocationGrainState> state,
    ControlPlaneClock time,
    ILogger<TokenRevocationGrain> logger) : Grain, ITokenRevocationGrain
{
    public async Task<Revocation> RevokeTokenAsync(string tokenId, DateTimeOffset keepUntil, string revokedBy, string reason, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (state.State.Tokens.TryGetValue(tokenId, out var known) && known.KeptUntil > now)
        {
            if (keepUntil <= known.KeptUntil)
            {
                return new Revocation(state.State.Version, RevokedNow: false, known, null);
            }

            // Revoked again with a later end: keep it longer, but it is not a new revocation.
            var longer = known with { KeptUntil = keepUntil };
            state.State.Tokens[tokenId] = longer;
            return await AddedAsync(new Revocation(state.State.Version + 1, RevokedNow: false, longer, null), cancellationToken);
        }

        EnsureRoom(now);
        var entry = new RevokedToken(tokenId, keepUntil, now, revokedBy, reason);
        state.State.Tokens[tokenId] = entry;
        return await AddedAsync(new Revocation(state.State.Version + 1, RevokedNow: true, entry, null), cancellationToken);
    }

    public async Task<Revocation> RevokeEnforcementPointAsync(EnforcementPointId point, DateTimeOffset keepUntil, string revokedBy, string reason, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (state.State.EnforcementPoints.TryGetValue(point.Value, out var known) && known.KeptUntil > now)
        {
            return new Revocation(state.State.Version, RevokedNow: false, null, known);
        }

        EnsureRoom(now);
        var entry = new RevokedEnforcementPoint(point.Value, keepUntil, now, revokedBy, reason);
        state.State.EnforcementPoints[point.Value] = entry;
        return await AddedAsync(new Revocation(state.State.Version + 1, RevokedNow: true, null, entry), cancellationToken);
    }

    public Task<DenyList> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new DenyList(
            state.State.Version,
            [.. state.State.Tokens.Values.Where(t => t.KeptUntil > now)],
            [.. state.State.EnforcementPoints.Values.Where(p => p.KeptUntil > now)]));
    }

    private void EnsureRoom(DateTimeOffset now)
    {
        Prune(now);
        if (state.State.Tokens.Count + state.State.EnforcementPoints.Count >= ITokenRevocationGrain.MaxEntries)
        {
            throw new LimitExceededException(
                $"The deny list holds {ITokenRevocationGrain.MaxEntries} revocations, its limit; entries leave it as the credentials they deny expire.");
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var expired in state.State.Tokens.Where(t => t.Value.KeptUntil <= now).Select(t => t.Key).ToList())
        {
            state.State.Tokens.Remove(expired);
        }

        foreach (var expired in state.State.EnforcementPoints.Where(p => p.Value.KeptUntil <= now).Select(p => p.Key).ToList())
        {
            state.State.EnforcementPoints.Remove(expired);
        }
    }

    /// <summary>Persists the addition (with the new version), then pushes it; a failed push is only logged.</summary>
    private async Task<Revocation> AddedAsync(Revocation revocation, CancellationToken cancellationToken)
    {
        Prune(time.GetUtcNow());
        state.State.Version = revocation.Version;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            // Not written: forget the change, so this activation does not answer from what storage never got.
            await state.ReadStateAsync(CancellationToken.None);
            throw;
        }

        try
        {
            await RevocationStreams.Of(this.GetStreamProvider(ProviderNames.PlantDeltaStreams)).OnNextAsync(revocation);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Revocation {Version} is stored but its push failed; API processes find it at their next reload", revocation.Version);
        }

        return revocation;
    }
}
