using System.Diagnostics;
using Grpc.Core;
using ZtFleet.Api.V1;

namespace ZtFleet.Bench.Propagation;

/// <summary>
/// One enrolled enforcement point with its own Watch stream: notes when each delta arrived
/// (<see cref="Stopwatch.GetTimestamp"/> right after the read) and acknowledges what it has applied as a real point
/// would: at once, but without holding up its stream, so while it replays a backlog one acknowledgement covers many
/// deltas.
/// </summary>
internal sealed class WatchingPoint(int plant, EnforcementService.EnforcementServiceClient client, CallOptions credential, bool acknowledge)
{
    private readonly List<(long Epoch, long At)> _received = [];
    private readonly SemaphoreSlim _toAcknowledge = new(0);
    private long _lastEpoch;
    private long _acknowledgedEpoch;
    private Task _pump = Task.CompletedTask;
    private Task _acknowledger = Task.CompletedTask;

    /// <summary>Index of its plant.</summary>
    public int Plant { get; } = plant;

    public CallOptions Credential { get; } = credential;

    public long LastEpoch => Volatile.Read(ref _lastEpoch);

    /// <summary>The last epoch it acknowledged (its last received one when it does not acknowledge).</summary>
    public long AcknowledgedEpoch => acknowledge ? Volatile.Read(ref _acknowledgedEpoch) : LastEpoch;

    /// <summary>What ended the stream, if it ended.</summary>
    public Exception? Fault { get; private set; }

    /// <summary>Opens the Watch stream from <paramref name="sinceEpoch"/> (0: the whole log) and starts acknowledging.</summary>
    public void Start(string plantId, CancellationToken cancellationToken, long sinceEpoch = 0)
    {
        Volatile.Write(ref _lastEpoch, sinceEpoch);
        _pump = PumpAsync(plantId, sinceEpoch, cancellationToken);
        _acknowledger = acknowledge ? AcknowledgeAsync(cancellationToken) : Task.CompletedTask;
    }

    /// <summary>When the first delta at or after <paramref name="epoch"/> arrived.</summary>
    public long? ReceivedAt(long epoch)
    {
        lock (_received)
        {
            foreach (var (received, at) in _received)
            {
                if (received >= epoch)
                {
                    return at;
                }
            }

            return null;
        }
    }

    public void Forget()
    {
        lock (_received)
        {
            _received.Clear();
        }
    }

    public async Task StopAsync()
    {
        try
        {
            await Task.WhenAll(_pump, _acknowledger);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(string plantId, long sinceEpoch, CancellationToken cancellationToken)
    {
        try
        {
            using var call = client.Watch(new WatchRequest { PlantId = plantId, SinceEpoch = sinceEpoch }, Credential.WithCancellationToken(cancellationToken));
            await foreach (var delta in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var at = Stopwatch.GetTimestamp();
                lock (_received)
                {
                    _received.Add((delta.Epoch, at));
                }

                Volatile.Write(ref _lastEpoch, delta.Epoch);
                _toAcknowledge.Release();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Fault = ex;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task AcknowledgeAsync(CancellationToken cancellationToken)
    {
        long acknowledged = 0;
        try
        {
            while (true)
            {
                await _toAcknowledge.WaitAsync(cancellationToken);
                var epoch = LastEpoch;
                if (epoch > acknowledged)
                {
                    await client.AckAsync(new AckRequest { Epoch = epoch }, Credential.WithCancellationToken(cancellationToken));
                    acknowledged = epoch;
                    Volatile.Write(ref _acknowledgedEpoch, epoch);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Fault = ex;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
