using ZtFleet.Grains.Refusals;

namespace ZtFleet.Api.Security;

/// <summary>
/// The credential of one running stream call, watched by <see cref="CredentialGuard"/>: <see cref="Token"/> is
/// cancelled when the call ends or when the credential stops being good (its token id or enforcement point revoked,
/// the token expired), and <see cref="Lost"/> then says why. <see cref="AuthInterceptor"/> ends the call with
/// UNAUTHENTICATED (<see cref="UnauthenticatedException"/>) as soon as it is lost.
/// </summary>
public sealed class StreamGuard : IDisposable
{
    private readonly CancellationTokenSource _ended;
    private readonly List<IDisposable> _watches = [];
    private readonly Lock _gate = new();
    private string? _lost;
    private bool _disposed;

    internal StreamGuard(CancellationToken callEnded)
    {
        _ended = CancellationTokenSource.CreateLinkedTokenSource(callEnded);
    }

    /// <summary>Cancelled when the call ends or its credential is lost.</summary>
    public CancellationToken Token => _ended.Token;

    /// <summary>Why the credential is no longer good (the status message the stream ends with); null while it is.</summary>
    public string? Lost => Volatile.Read(ref _lost);

    /// <summary>Ends the stream because its credential is no longer good; the first reason counts.</summary>
    internal void End(string reason)
    {
        if (Interlocked.CompareExchange(ref _lost, reason, null) is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (!_disposed)
            {
                _ended.Cancel();
            }
        }
    }

    /// <summary>Keeps <paramref name="watch"/> (a listener, a timer) until the guard is disposed.</summary>
    internal void Add(IDisposable watch)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _watches.Add(watch);
                return;
            }
        }

        watch.Dispose();
    }

    public void Dispose()
    {
        IDisposable[] watches;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            watches = [.. _watches];
            _watches.Clear();
        }

        foreach (var watch in watches)
        {
            watch.Dispose();
        }

        _ended.Dispose();
    }
}
