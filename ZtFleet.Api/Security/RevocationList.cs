using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Security;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// This API process's copy of the fleet's deny list (<see cref="ITokenRevocationGrain"/>): revoked token ids and
/// revoked enforcement points, checked on every call by <see cref="AuthInterceptor"/> without a grain call. Its
/// events (<see cref="TokenRevoked"/>, <see cref="EnforcementPointRevoked"/>) end the streams already running with a
/// revoked credential (<see cref="CredentialGuard"/>).
/// </summary>
/// <remarks>
/// <para>Loaded on the first call and by <see cref="RevocationListRefresher"/>; every addition is pushed to it on
/// <see cref="RevocationStreams"/> (within milliseconds), and the whole list is reloaded every
/// <see cref="AuthOptions.RevocationReloadInterval"/> as the backstop of a lost push. A reload that finds a newer
/// version than the pushes brought subscribes again.</para>
/// <para>Fail-closed with a bound: when the copy was last confirmed by the cluster more than
/// <see cref="AuthOptions.RevocationMaxStaleness"/> ago and a reload fails, authenticated calls are refused with
/// UNAVAILABLE: this process cannot vouch that a credential was not revoked meanwhile. Enforcement points then fall
/// back on their own zone modes (their cached decisions, fail-closed or fail-static within a bound).</para>
/// <para>Freshness is measured with the runtime's clock, not <see cref="ControlPlaneClock"/>: it is about reaching
/// the cluster, like Orleans' own timeouts. Entries expire by <see cref="ControlPlaneClock"/>, as tokens do.</para>
/// </remarks>
public sealed class RevocationList(IClusterClient cluster, IOptions<AuthOptions> options, ControlPlaneClock time, ILogger<RevocationList> logger)
{
    /// <summary>How long a call waits for a reload of a stale list before it is refused.</summary>
    public static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _points = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _runtime = TimeProvider.System;
    private Task? _reloading;
    private long _version = -1;
    private long _confirmedAt;
    private StreamSubscriptionHandle<Revocation>? _subscription;
    private bool _resubscribe = true;

    /// <summary>Raised (on the thread that learnt of it) when an enforcement point is revoked.</summary>
    public event Action<EnforcementPointId>? EnforcementPointRevoked;

    /// <summary>Raised (on the thread that learnt of it) when a token id is revoked (or revoked again after its entry had expired).</summary>
    public event Action<string>? TokenRevoked;

    /// <summary>Raised when a push arrives out of order (one was lost): the refresher reloads at once.</summary>
    internal event Action? GapDetected;

    /// <summary>The version of the deny list this copy has seen; -1 before the first load.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>True when <paramref name="tokenId"/> is revoked.</summary>
    public bool IsTokenRevoked(string? tokenId) =>
        tokenId is not null && _tokens.TryGetValue(tokenId, out var until) && until > time.GetUtcNow();

    /// <summary>True when every credential of <paramref name="point"/> is revoked.</summary>
    public bool IsEnforcementPointRevoked(EnforcementPointId point) =>
        _points.TryGetValue(point.Value, out var until) && until > time.GetUtcNow();

    /// <summary>
    /// Returns when the copy is current enough to decide with (loading or reloading it if not); otherwise throws
    /// <see cref="TemporarilyUnavailableException"/>.
    /// </summary>
    public async ValueTask EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var confirmed = Interlocked.Read(ref _confirmedAt);
        if (confirmed != 0 && _runtime.GetElapsedTime(confirmed) <= options.Value.RevocationMaxStaleness)
        {
            return;
        }

        try
        {
            await ReloadAsync().WaitAsync(ReloadWait, _runtime, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The deny list was last confirmed {Age} ago and cannot be reloaded; refusing calls until it can", confirmed == 0 ? "never" : _runtime.GetElapsedTime(confirmed).ToString());
            throw new TemporarilyUnavailableException(
                "The API cannot reach the cluster to confirm that credentials were not revoked; retry shortly.", ex)
            {
                Reason = "REVOCATIONS_UNCONFIRMED",
            };
        }
    }

    /// <summary>Reloads the whole list (one reload at a time; callers meanwhile share it).</summary>
    public Task ReloadAsync()
    {
        lock (_gate)
        {
            if (_reloading is { IsCompleted: false } running)
            {
                return running;
            }

            return _reloading = ReloadCoreAsync();
        }
    }

    /// <summary>Adds one revocation this process heard of (pushed, or answered to its own revoke call).</summary>
    public void Apply(Revocation revocation)
    {
        if (revocation.Token is { } token)
        {
            AddToken(token.TokenId, token.KeptUntil);
        }

        if (revocation.EnforcementPoint is { } point && _points.TryAdd(point.EnforcementPointId, point.KeptUntil))
        {
            Raise(point.EnforcementPointId);
        }

        var seen = Interlocked.Read(ref _version);
        if (seen >= 0 && revocation.Version > seen + 1)
        {
            GapDetected?.Invoke();
        }

        while (revocation.Version > seen && Interlocked.CompareExchange(ref _version, revocation.Version, seen) != seen)
        {
            seen = Interlocked.Read(ref _version);
        }
    }

    /// <summary>Every entry of this copy (for tests and diagnostics).</summary>
    public (IReadOnlyCollection<string> Tokens, IReadOnlyCollection<string> EnforcementPoints) Snapshot() =>
        ([.. _tokens.Keys], [.. _points.Keys]);

    private async Task ReloadCoreAsync()
    {
        await Task.Yield();
        if (_resubscribe)
        {
            // Subscribe before reading, so an addition made in between arrives one way or the other.
            var previous = _subscription;
            _subscription = await RevocationStreams.Of(cluster.GetStreamProvider(ProviderNames.PlantDeltaStreams))
                .SubscribeAsync((revocation, _) =>
                {
                    Apply(revocation);
                    return Task.CompletedTask;
                });
            _resubscribe = false;
            if (previous is not null)
            {
                _ = previous.UnsubscribeAsync().ContinueWith(
                    t => logger.LogDebug(t.Exception, "Dropping a deny list subscription failed"), TaskContinuationOptions.OnlyOnFaulted);
            }
        }

        var list = await cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet).GetAsync();
        foreach (var token in list.Tokens)
        {
            AddToken(token.TokenId, token.KeptUntil);
        }

        foreach (var point in list.EnforcementPoints)
        {
            if (_points.TryAdd(point.EnforcementPointId, point.KeptUntil))
            {
                Raise(point.EnforcementPointId);
            }
        }

        var now = time.GetUtcNow();
        foreach (var expired in _tokens.Where(t => t.Value <= now).Select(t => t.Key))
        {
            _tokens.TryRemove(expired, out _);
        }

        foreach (var expired in _points.Where(p => p.Value <= now).Select(p => p.Key))
        {
            _points.TryRemove(expired, out _);
        }

        var seen = Interlocked.Read(ref _version);
        if (seen >= 0 && list.Version != seen)
        {
            // Newer: a push was lost, so the subscription may be gone. Older: the cluster's list was reset (memory
            // mode after a restart); the entries this process knows are kept until they expire.
            logger.LogInformation("Deny list reloaded at version {Version}; pushes had brought {Seen}; subscribing again", list.Version, seen);
            _resubscribe = true;
        }

        // A push newer than the list read may have arrived meanwhile: never go back, except after a reset.
        Interlocked.Exchange(ref _version, list.Version < seen ? list.Version : Math.Max(list.Version, Interlocked.Read(ref _version)));
        Interlocked.Exchange(ref _confirmedAt, _runtime.GetTimestamp());
    }

    private void AddToken(string tokenId, DateTimeOffset keptUntil)
    {
        var now = time.GetUtcNow();
        var added = false;
        _tokens.AddOrUpdate(
            tokenId,
            _ =>
            {
                added = true;
                return keptUntil;
            },
            (_, known) =>
            {
                added = known <= now;
                return known > keptUntil ? known : keptUntil;
            });
        if (added && keptUntil > now && TokenRevoked is { } handlers)
        {
            foreach (var handler in handlers.GetInvocationList().Cast<Action<string>>())
            {
                try
                {
                    handler(tokenId);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "A listener of the revocation of token {TokenId} failed", tokenId);
                }
            }
        }
    }

    private void Raise(string point)
    {
        if (!EnforcementPointId.TryParse(point, out var id) || EnforcementPointRevoked is not { } handlers)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<EnforcementPointId>>())
        {
            try
            {
                handler(id);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "A listener of the revocation of {EnforcementPoint} failed", id);
            }
        }
    }
}
