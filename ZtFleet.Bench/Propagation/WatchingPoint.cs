using System.Diagnostics;
using Grpc.Core;
using ZtFleet.Api.V1;

namespace ZtFleet.Bench.Propagation;

/// <summary>
/// One enrolled enforcement point with its own Watch stream: notes when each delta arrived
/// (<see cref="Stopwatch.GetTimestamp"/> right after the read), then acknowledges it as a real point would.
/// </summary>
internal sealed class WatchingPoint(int plant, EnforcementService.EnforcementServiceClient client, CallOptions credential)
{
    private readonly List<(long Epoch, long At)> _received = [];
    private long _lastEpoch;
    private Task _pump = Task.CompletedTask;

    /// <summary>Index of its plant.</summary>
    public int Plant { get; } = plant;

    public CallOptions Credential { get; } = credential;

    public long LastEpoch => Volatile.Read(ref _lastEpoch);

    /// <summary>What ended the stream, if it ended.</summary>
    public Exception? Fault { get; private set; }

    public void Start(string plantId, CancellationToken cancellationToken) => _pump = PumpAsync(plantId, cancellationToken);

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
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PumpAsync(string plantId, CancellationToken cancellationToken)
    {
        try
        {
            using var call = client.Watch(new WatchRequest { PlantId = plantId, SinceEpoch = 0 }, Credential.WithCancellationToken(cancellationToken));
            await foreach (var delta in call.ResponseStream.ReadAllAsync(cancellationToken))
            {
                var at = Stopwatch.GetTimestamp();
                lock (_received)
                {
                    _received.Add((delta.Epoch, at));
                }

                Volatile.Write(ref _lastEpoch, delta.Epoch);
                await client.AckAsync(new AckRequest { Epoch = delta.Epoch }, Credential.WithCancellationToken(cancellationToken));
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
