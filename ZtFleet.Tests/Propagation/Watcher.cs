using System.Threading.Channels;
using Grpc.Core;
using ZtFleet.Api.V1;

namespace ZtFleet.Tests.Propagation;

/// <summary>One running <c>Watch</c> call; what it receives is queued for the test to read with a timeout.</summary>
internal sealed class Watcher : IAsyncDisposable
{
    /// <summary>How long a test waits for asynchronous delivery before it fails.</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(15);

    private readonly Channel<WatchResponse> _received = Channel.CreateUnbounded<WatchResponse>();
    private readonly CancellationTokenSource _stop = new();
    private Task _pump = Task.CompletedTask;

    public static Watcher Start(EnforcementService.EnforcementServiceClient client, CallOptions credential, string plant, long sinceEpoch) =>
        Start(client, credential, new WatchRequest { PlantId = plant, SinceEpoch = sinceEpoch });

    public static Watcher Start(EnforcementService.EnforcementServiceClient client, CallOptions credential, WatchRequest request)
    {
        var watcher = new Watcher();
        watcher._pump = watcher.PumpAsync(client, credential, request);
        return watcher;
    }

    /// <summary>The next response; throws what ended the call (an RpcException), or times out.</summary>
    public async Task<WatchResponse> NextAsync()
    {
        using var timeout = new CancellationTokenSource(DeliveryTimeout);
        try
        {
            return await _received.Reader.ReadAsync(timeout.Token);
        }
        catch (ChannelClosedException closed) when (closed.InnerException is RpcException ended)
        {
            throw ended;
        }
    }

    /// <summary>Responses until (and including) <paramref name="epoch"/>.</summary>
    public async Task<List<WatchResponse>> UntilAsync(long epoch)
    {
        var responses = new List<WatchResponse>();
        while (responses.Count == 0 || responses[^1].Epoch < epoch)
        {
            responses.Add(await NextAsync());
        }

        return responses;
    }

    /// <summary>
    /// Reads (and drops) what arrives until the call ends and returns the status it ended with; fails when it is
    /// still running after <paramref name="limit"/> or ended without an error.
    /// </summary>
    public async Task<RpcException> EndedWithinAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                await _received.Reader.ReadAsync(timeout.Token);
            }
        }
        catch (ChannelClosedException closed) when (closed.InnerException is RpcException ended)
        {
            return ended;
        }
        catch (ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException("the watch ended without an error status");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException($"the watch was still running {limit} later");
        }
    }

    /// <summary>True when the call has ended (whatever is still queued).</summary>
    public bool Ended => _pump.IsCompleted;

    /// <summary>True when nothing more arrived (only what is already queued is looked at).</summary>
    public bool NothingQueued => !_received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }

    private async Task PumpAsync(EnforcementService.EnforcementServiceClient client, CallOptions credential, WatchRequest request)
    {
        try
        {
            using var call = client.Watch(request, credential.WithCancellationToken(_stop.Token));
            await foreach (var response in call.ResponseStream.ReadAllAsync(_stop.Token))
            {
                await _received.Writer.WriteAsync(response);
            }

            _received.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _received.Writer.TryComplete(ex);
        }
    }
}
