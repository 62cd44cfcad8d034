using System.Diagnostics;
using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using ZtFleet.Api.V1;

namespace ZtFleet.Bench.Telemetry;

/// <summary>
/// One sender's <c>TelemetryService/Ingest</c> stream: batches go out with increasing sequence numbers, at most a
/// window of them unacknowledged, and every acknowledgement is matched to the time its batch left.
/// </summary>
internal sealed class TelemetrySender : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<IngestBatch, IngestAck> _call;
    private readonly SemaphoreSlim _window;
    private readonly Dictionary<ulong, (long SentTicks, int Events, TaskCompletionSource<IngestAck>? Waiter)> _pending = [];
    private readonly object _gate = new();
    private readonly Task _reader;
    private readonly Channel<IngestBatch> _outbox = Channel.CreateBounded<IngestBatch>(1);
    private readonly Task _writer;
    private ulong _sequence;

    private TelemetrySender(string plant, string id, AsyncDuplexStreamingCall<IngestBatch, IngestAck> call, int window, ulong acknowledged)
    {
        Plant = plant;
        Id = id;
        _call = call;
        _window = new SemaphoreSlim(window, window);
        _sequence = acknowledged;
        _reader = Task.Run(ReadAcksAsync);
        _writer = Task.Run(WriteAsync);
    }

    public string Plant { get; }

    public string Id { get; }

    public long EventsAccepted;

    public long EventsRefused;

    public long BatchesRefused;

    /// <summary>Opens the stream with the sender's credential and reads the first acknowledgement (the sequence to continue after).</summary>
    public static async Task<TelemetrySender> OpenAsync(GrpcChannel channel, string plant, string id, string credential, int window, CancellationToken cancellationToken)
    {
        var client = new TelemetryService.TelemetryServiceClient(channel);
        var call = client.Ingest(new Metadata { { "authorization", "Bearer " + credential } }, cancellationToken: cancellationToken);
        if (!await call.ResponseStream.MoveNext(cancellationToken))
        {
            throw new InvalidOperationException($"sender {id}: the stream ended before its first acknowledgement");
        }

        return new TelemetrySender(plant, id, call, window, call.ResponseStream.Current.AcknowledgedSequence);
    }

    /// <summary>Sends a batch once the window has room; returns when it is written (not acknowledged).</summary>
    public async Task SendAsync(IEnumerable<TelemetryEvent> events, CancellationToken cancellationToken) =>
        await SendCoreAsync(events, null, cancellationToken);

    /// <summary>Sends a batch and waits for its acknowledgement; returns the acknowledgement and the round trip.</summary>
    public async Task<(IngestAck Ack, TimeSpan RoundTrip)> SendAndWaitAsync(IEnumerable<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<IngestAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = await SendCoreAsync(events, waiter, cancellationToken);
        var ack = await waiter.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return (ack, Stopwatch.GetElapsedTime(sent));
    }

    /// <summary>Waits until every batch sent has been acknowledged.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (true)
        {
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    return;
                }
            }

            if (Stopwatch.GetTimestamp() > deadline || _reader.IsCompleted)
            {
                throw new TimeoutException($"sender {Id}: {_pending.Count} batch(es) never acknowledged");
            }

            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _outbox.Writer.TryComplete();
        try
        {
            await _writer;
            await _call.RequestStream.CompleteAsync();
            await _reader.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or TimeoutException)
        {
            // The stream may already have ended (the run failed); the figures say what was acknowledged.
        }

        _call.Dispose();
    }

    private async Task<long> SendCoreAsync(IEnumerable<TelemetryEvent> events, TaskCompletionSource<IngestAck>? waiter, CancellationToken cancellationToken)
    {
        await _window.WaitAsync(cancellationToken);
        var batch = new IngestBatch { PlantId = Plant };
        batch.Events.AddRange(events);
        long sent;
        lock (_gate)
        {
            batch.Sequence = ++_sequence;
            sent = Stopwatch.GetTimestamp();
            _pending[batch.Sequence] = (sent, batch.Events.Count, waiter);
        }

        await _outbox.Writer.WriteAsync(batch, cancellationToken);
        return sent;
    }

    private async Task WriteAsync()
    {
        await foreach (var batch in _outbox.Reader.ReadAllAsync())
        {
            await _call.RequestStream.WriteAsync(batch);
        }
    }

    private async Task ReadAcksAsync()
    {
        try
        {
            await foreach (var ack in _call.ResponseStream.ReadAllAsync())
            {
                (long SentTicks, int Events, TaskCompletionSource<IngestAck>? Waiter) entry;
                lock (_gate)
                {
                    if (!_pending.Remove(ack.Sequence, out entry))
                    {
                        continue;
                    }
                }

                Interlocked.Add(ref EventsAccepted, ack.EventsAccepted);
                Interlocked.Add(ref EventsRefused, ack.EventsRefused);
                if (ack.Result == IngestResult.Refused)
                {
                    Interlocked.Increment(ref BatchesRefused);
                }

                entry.Waiter?.TrySetResult(ack);
                _window.Release();
            }
        }
        catch (RpcException e)
        {
            lock (_gate)
            {
                foreach (var (_, (_, _, waiter)) in _pending)
                {
                    waiter?.TrySetException(e);
                }
            }

            throw;
        }
    }
}
