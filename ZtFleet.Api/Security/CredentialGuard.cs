using System.Collections.Concurrent;
using ZtFleet.Api.Enforcement;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Security;

/// <summary>
/// Watches the credential of every running stream (<see cref="StreamGuard"/>): a check when a call starts is not
/// enough for a call that runs for hours. A stream ends when its token's id is revoked (<see cref="RevocationList.TokenRevoked"/>,
/// pushed to every API process within about a second), when its enforcement point is revoked
/// (<see cref="EnforcementPointCredentials.OnRevoked"/>), and when its token expires (<see cref="Caller.ExpiresAt"/>,
/// by <see cref="ControlPlaneClock"/>).
/// </summary>
/// <remarks>
/// Expiry ends a stream at the token's <c>exp</c> exactly, without the clock skew a new call is allowed: a stream
/// opened within the skew after expiry ends at once.
/// </remarks>
public sealed class CredentialGuard
{
    /// <summary>The longest a timer is set for (a timer's due time is bounded); it is set again until the expiry.</summary>
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private readonly RevocationList _revocations;
    private readonly EnforcementPointCredentials _points;
    private readonly ControlPlaneClock _time;

    /// <summary>Running streams by token id: one lookup per revocation.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<StreamGuard, byte>> _byToken = new(StringComparer.Ordinal);

    public CredentialGuard(RevocationList revocations, EnforcementPointCredentials points, ControlPlaneClock time)
    {
        _revocations = revocations;
        _points = points;
        _time = time;
        revocations.TokenRevoked += TokenRevoked;
    }

    /// <summary>Starts watching <paramref name="caller"/>'s credential for a stream call that ends with <paramref name="callEnded"/>.</summary>
    public StreamGuard Watch(Caller caller, CancellationToken callEnded)
    {
        var guard = new StreamGuard(callEnded);
        if (caller.TokenId is { } tokenId)
        {
            var streams = _byToken.GetOrAdd(tokenId, _ => new());
            streams[guard] = 0;
            guard.Add(new Callback(() =>
            {
                streams.TryRemove(guard, out _);
                if (streams.IsEmpty)
                {
                    _byToken.TryRemove(new KeyValuePair<string, ConcurrentDictionary<StreamGuard, byte>>(tokenId, streams));
                }
            }));

            // Revoked between the call's check and now: the event has passed.
            if (_revocations.IsTokenRevoked(tokenId))
            {
                guard.End("The bearer token was revoked.");
            }
        }

        if (caller.EnforcementPoint is not null)
        {
            guard.Add(_points.OnRevoked(caller, () => guard.End("The enforcement point's credential was revoked.")));
        }

        if (caller.ExpiresAt is { } expires)
        {
            guard.Add(ExpiryTimer(guard, expires));
        }

        return guard;
    }

    private ITimer ExpiryTimer(StreamGuard guard, DateTimeOffset expires)
    {
        ITimer? timer = null;
        void Check()
        {
            var left = expires - _time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                guard.End("The bearer token expired.");
            }
            else
            {
                try
                {
                    timer?.Change(left < LongestTimer ? left : LongestTimer, Timeout.InfiniteTimeSpan);
                }
                catch (ObjectDisposedException)
                {
                    // The stream ended meanwhile.
                }
            }
        }

        timer = _time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Check();
        return timer;
    }

    private void TokenRevoked(string tokenId)
    {
        if (_byToken.TryGetValue(tokenId, out var streams))
        {
            foreach (var guard in streams.Keys)
            {
                guard.End("The bearer token was revoked.");
            }
        }
    }

    private sealed class Callback(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
