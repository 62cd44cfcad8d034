using System.Collections.Concurrent;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Policy.Identifiers;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// Refuses the credential of an enforcement point that was revoked (or is not, or no longer, enrolled at the
/// plant its credential names). A credential is a signed token valid for a year, so the grain has the last word.
/// </summary>
/// <remarks>
/// The answer is cached for <see cref="CacheFor"/> per point, so a PEP asking for decisions costs no grain call per
/// request; <c>Watch</c> asks the grain every time it starts and again while it runs. When the cluster is
/// unreachable the last answer stands (fail-static), logged.
/// </remarks>
public sealed class EnforcementPointCredentials(IClusterClient cluster, ControlPlaneClock time, ILogger<EnforcementPointCredentials> logger)
{
    /// <summary>How long an answer is reused.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<EnforcementPointId, Checked> _checked = new();

    /// <summary>Throws UNAUTHENTICATED unless <paramref name="caller"/> is an active enforcement point.</summary>
    /// <param name="fresh">Ask the grain even when a recent answer is cached.</param>
    public async ValueTask EnsureActiveAsync(Caller caller, bool fresh, CancellationToken cancellationToken)
    {
        if (!await IsActiveAsync(caller, fresh, cancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The enforcement point's credential was revoked."));
        }
    }

    /// <summary>Whether <paramref name="caller"/> is an enrolled, unrevoked enforcement point of its plant.</summary>
    public async ValueTask<bool> IsActiveAsync(Caller caller, bool fresh, CancellationToken cancellationToken)
    {
        if (caller.EnforcementPoint is not { } id)
        {
            return false;
        }

        if (!fresh && _checked.TryGetValue(id, out var recent) && time.GetElapsedTime(recent.At) < CacheFor)
        {
            return recent.Active;
        }

        EnforcementPointView? point;
        try
        {
            point = await cluster.GetGrain<IEnforcementPointGrain>(id.Value).GetAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && _checked.TryGetValue(id, out var last))
        {
            logger.LogWarning(ex, "Cannot check enforcement point {EnforcementPoint}; the cluster is unreachable, keeping the last answer ({Active})", id, last.Active);
            return last.Active;
        }

        var active = point is { Revoked: false } && caller.Plants.Contains(point.Registration.Plant);
        _checked[id] = new Checked(active, time.GetTimestamp());
        return active;
    }

    private readonly record struct Checked(bool Active, long At);
}
