using System.Collections.Concurrent;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Security;
using ZtFleet.Policy.Identifiers;

using ZtFleet.Grains.Hosting;

using ZtFleet.Grains.Refusals;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// Refuses the credential of an enforcement point that was revoked (or is not, or no longer, enrolled at the
/// plant its credential names). A credential is a signed token valid for a year, so the cluster has the last word.
/// </summary>
/// <remarks>
/// <para>A revocation reaches every API process within about a second through the deny list
/// (<see cref="RevocationList"/>), which is checked on every call without a grain call. The enforcement point
/// grain's answer (enrolled, at which plant) is cached for <see cref="CacheFor"/> per point, so a PEP asking for
/// decisions costs no grain call per request; <c>Watch</c> asks the grain every time it starts and again while it
/// runs, and ends as soon as the point is revoked (<see cref="OnRevoked"/>, through <see cref="CredentialGuard"/>).</para>
/// <para>When the cluster is unreachable the last answer stands only as long as the deny list is current
/// (<see cref="AuthOptions.RevocationMaxStaleness"/>): after that, calls are refused with UNAVAILABLE.</para>
/// </remarks>
public sealed class EnforcementPointCredentials
{
    /// <summary>How long after the revocation a revoked point's deny list entry is kept: its credentials have expired by then.</summary>
    public static readonly TimeSpan KeepRevokedFor = EnforcementApiService.CredentialLifetime + TimeSpan.FromDays(1);

    /// <summary>How long an answer is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<EnforcementPointId, Checked> _checked = new();
    private readonly IClusterClient _cluster;
    private readonly RevocationList _revocations;
    private readonly ControlPlaneClock _time;
    private readonly ILogger<EnforcementPointCredentials> _logger;

    /// <summary>Who waits for the revocation of which point (running watches), by point: one lookup per revocation.</summary>
    private readonly ConcurrentDictionary<EnforcementPointId, ConcurrentDictionary<object, Action>> _listeners = new();

    public EnforcementPointCredentials(IClusterClient cluster, RevocationList revocations, ControlPlaneClock time, ILogger<EnforcementPointCredentials> logger)
    {
        _cluster = cluster;
        _revocations = revocations;
        _time = time;
        _logger = logger;
        revocations.EnforcementPointRevoked += Revoked;
    }


    /// <summary>Throws UNAUTHENTICATED unless <paramref name="caller"/> is an active enforcement point.</summary>
    /// <param name="fresh">Ask the grain even when a recent answer is cached.</param>
    public async ValueTask EnsureActiveAsync(Caller caller, bool fresh, CancellationToken cancellationToken)
    {
        if (!await IsActiveAsync(caller, fresh, cancellationToken))
        {
            throw new UnauthenticatedException("The enforcement point's credential was revoked.");
        }
    }

    /// <summary>Whether <paramref name="caller"/> is an enrolled, unrevoked enforcement point of its plant.</summary>
    public async ValueTask<bool> IsActiveAsync(Caller caller, bool fresh, CancellationToken cancellationToken)
    {
        if (caller.EnforcementPoint is not { } id || _revocations.IsEnforcementPointRevoked(id))
        {
            return false;
        }

        if (!fresh && _checked.TryGetValue(id, out var recent) && _time.GetElapsedTime(recent.At) < CacheFor)
        {
            return recent.Active;
        }

        EnforcementPointView? point;
        try
        {
            point = await _cluster.GetGrain<IEnforcementPointGrain>(id.Value).GetAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && _checked.TryGetValue(id, out var last))
        {
            _logger.LogWarning(ex, "Cannot check enforcement point {EnforcementPoint}; the cluster is unreachable, keeping the last answer ({Active})", id, last.Active);
            return last.Active;
        }

        var active = point is { Revoked: false } && caller.Plants.Contains(point.Registration.Plant);
        _checked[id] = new Checked(active, _time.GetTimestamp());
        return active;
    }

    /// <summary>
    /// Adds <paramref name="point"/> to the fleet's deny list (persisted, then pushed to every API process; this one
    /// applies it at once). Call before the point's own grain records the revocation: a failure in between leaves
    /// the point refused, never the other way round.
    /// </summary>
    public async Task RevokeAsync(EnforcementPointId point, Caller by, string reason, CancellationToken cancellationToken)
    {
        var revocation = await _cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet)
            .RevokeEnforcementPointAsync(point, _time.GetUtcNow() + KeepRevokedFor, by.ToString(), reason, cancellationToken);
        _revocations.Apply(revocation);
        _checked.TryRemove(point, out _);
    }

    /// <summary>
    /// Calls <paramref name="revoked"/> once when the enforcement point <paramref name="caller"/> is revoked (at
    /// once if it already is); dispose to stop listening.
    /// </summary>
    public IDisposable OnRevoked(Caller caller, Action revoked)
    {
        if (caller.EnforcementPoint is not { } id)
        {
            return new Listening(null, default, new object());
        }

        var fired = 0;
        var key = new object();
        _listeners.GetOrAdd(id, _ => new())[key] = () =>
        {
            if (Interlocked.Exchange(ref fired, 1) == 0)
            {
                revoked();
            }
        };
        var listening = new Listening(this, id, key);
        if (_revocations.IsEnforcementPointRevoked(id))
        {
            Revoked(id);
        }

        return listening;
    }

    private void Revoked(EnforcementPointId point)
    {
        _checked.TryRemove(point, out _);
        if (!_listeners.TryGetValue(point, out var listeners))
        {
            return;
        }

        foreach (var listener in listeners.Values)
        {
            try
            {
                listener();
            }
            catch (Exception ex)
            {
                _logger.LogWarning(ex, "Ending a watch of revoked enforcement point {EnforcementPoint} failed", point);
            }
        }
    }

    private sealed class Listening(EnforcementPointCredentials? owner, EnforcementPointId point, object key) : IDisposable
    {
        public void Dispose()
        {
            if (owner is not null && owner._listeners.TryGetValue(point, out var listeners))
            {
                listeners.TryRemove(key, out _);
                if (listeners.IsEmpty)
                {
                    owner._listeners.TryRemove(new KeyValuePair<EnforcementPointId, ConcurrentDictionary<object, Action>>(point, listeners));
                }
            }
        }
    }

    private readonly record struct Checked(bool Active, long At);
}
