using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Api.V1;

namespace ZtFleet.Agent.Telemetry;

/// <summary>
/// Sends what the <see cref="TelemetryBuffer"/> holds to <c>TelemetryService/Ingest</c>: batches of up to
/// <see cref="TelemetryOptions.BatchSize"/> events, or fewer after <see cref="TelemetryOptions.BatchDelay"/>, numbered
/// with a sequence persisted in the state directory, at most <see cref="TelemetryOptions.MaxBatchesInFlight"/> of them
/// awaiting their acknowledgement. A broken stream is reopened with backoff; the batches it had not acknowledged are
/// sent again with the same numbers (the API counts a replayed batch once), and the buffer keeps collecting meanwhile.
/// </summary>
/// <remarks>
/// Back-pressure: when the API reads slowly, writes to the stream wait, the window of unacknowledged batches fills,
/// the sender stops taking events, and the buffer drops its oldest events beyond its capacity. Nothing that adds to the
/// buffer ever waits.
/// </remarks>
public sealed class TelemetrySender
{
    private readonly IControlPlane _controlPlane;
    private readonly TelemetryBuffer _buffer;
    private readonly SequenceStore _sequences;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IngestBatch> _unacknowledged = [];
    private readonly SemaphoreSlim _acknowledgements = new(0);
    private ulong _lastUsed;
    private long _acknowledged;
    private long _eventsAccepted;
    private long _eventsRefused;

    public TelemetrySender(
        IControlPlane controlPlane, TelemetryBuffer buffer, SequenceStore sequences, TelemetryOptions options, TimeProvider time, ILogger logger)
    {
        _controlPlane = controlPlane;
        _buffer = buffer;
        _sequences = sequences;
        _options = options;
        _time = time;
        _logger = logger;
        _lastUsed = sequences.Load();
    }

    /// <summary>The highest sequence the API has acknowledged.</summary>
    public ulong AcknowledgedSequence => (ulong)Interlocked.Read(ref _acknowledged);

    /// <summary>Events the API accepted, as its acknowledgements say.</summary>
    public long EventsAccepted => Interlocked.Read(ref _eventsAccepted);

    /// <summary>Events the API refused, as its acknowledgements say.</summary>
    public long EventsRefused => Interlocked.Read(ref _eventsRefused);

    /// <summary>Batches sent and not yet acknowledged.</summary>
    public int Unacknowledged
    {
        get
        {
            lock (_unacknowledged)
            {
                return _unacknowledged.Count;
            }
        }
    }

    /// <summary>
    /// Sends until cancelled, or, once the buffer is completed, until everything in it is acknowledged.
    /// </summary>
    /// <param name="plantId">The plant the events were observed at (the credential's).</param>
    /// <param name="cancellationToken">Stops the sender.</param>
    /// <exception cref="CredentialRefusedException">The API refused the credential.</exception>
    public async Task RunAsync(string plantId, CancellationToken cancellationToken)
    {
        var delay = _options.MinReconnectDelay;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await SessionAsync(plantId, () => delay = _options.MinReconnectDelay, cancellationToken))
                {
                    return;
                }

                _logger.LogWarning("The telemetry stream ended; reopening in {Delay} ({Held} events held, {Unacknowledged} batches unacknowledged)", delay, _buffer.Count, Unacknowledged);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && ex is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
            {
                return;
            }
            catch (RpcException ex)
            {
                _logger.LogWarning(
                    "The telemetry stream broke ({Status}: {Detail}); reopening in {Delay} ({Held} events held, {Unacknowledged} batches unacknowledged)",
                    ex.StatusCode, ex.Status.Detail, delay, _buffer.Count, Unacknowledged);
            }

            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            delay = TimeSpan.FromTicks(Math.Min(_options.MaxReconnectDelay.Ticks, delay.Ticks * 2));
        }
    }

    // One stream: returns true when the buffer is completed and everything was acknowledged.
    private async Task<bool> SessionAsync(string plantId, Action connected, CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var outgoing = Channel.CreateUnbounded<IngestBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var ready = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        var producing = ProduceAsync(plantId, outgoing.Writer, ready.Task, session.Token);
        try
        {
            await foreach (var ack in _controlPlane.IngestAsync(outgoing.Reader.ReadAllAsync(session.Token), session.Token))
            {
                if (!ready.Task.IsCompleted)
                {
                    // The stream's first message: the highest sequence the API acknowledged for this sender.
                    connected();
                    Acknowledge(ack.AcknowledgedSequence);
                    ready.TrySetResult(ack.AcknowledgedSequence);
                    _logger.LogInformation("Telemetry stream open; the API has acknowledged up to batch {Sequence}", ack.AcknowledgedSequence);
                    continue;
                }

                Handle(ack);
            }

            // The producer completes the stream once the buffer is completed and drained; the API then answers the
            // batches still open and ends its side.
            return producing.IsCompletedSuccessfully && Unacknowledged == 0;
        }
        finally
        {
            await session.CancelAsync();
            await producing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    // Sends the batches a previous stream left unacknowledged, then new ones from the buffer; once the buffer is
    // completed and empty it completes the stream (the API still answers what was sent).
    private async Task ProduceAsync(string plantId, ChannelWriter<IngestBatch> outgoing, Task<ulong> ready, CancellationToken cancellationToken)
    {
        var acknowledged = await ready.WaitAsync(cancellationToken);
        List<IngestBatch> resend;
        lock (_unacknowledged)
        {
            _unacknowledged.RemoveAll(b => b.Sequence <= acknowledged);
            resend = [.. _unacknowledged];
        }

        if (acknowledged > _lastUsed)
        {
            // The state directory was lost or restored: continue after what the API has.
            _logger.LogWarning("The API has acknowledged batch {Acknowledged}, beyond the stored sequence {Stored}: continuing after it", acknowledged, _lastUsed);
            _lastUsed = acknowledged;
            Persist();
        }

        foreach (var batch in resend)
        {
            await outgoing.WriteAsync(batch, cancellationToken);
        }

        while (true)
        {
            while (Unacknowledged >= _options.MaxBatchesInFlight)
            {
                await _acknowledgements.WaitAsync(cancellationToken);
            }

            await _buffer.WaitAsync(1, cancellationToken);
            if (_buffer.Count == 0 && _buffer.IsCompleted)
            {
                outgoing.TryComplete();
                return;
            }

            if (_buffer.Count < _options.BatchSize && !_buffer.IsCompleted)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                await Task.WhenAny(_buffer.WaitAsync(_options.BatchSize, wait.Token), Task.Delay(_options.BatchDelay, _time, wait.Token));
                await wait.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }

            var events = _buffer.Take(_options.BatchSize, out var lost);
            if (events.Count == 0)
            {
                continue;
            }

            var next = new IngestBatch { Sequence = _lastUsed + 1, PlantId = plantId, LostBefore = lost };
            next.Events.AddRange(events);
            _lastUsed = next.Sequence;
            Persist();
            if (lost > 0)
            {
                _logger.LogWarning("The telemetry buffer was full: {Lost} events dropped before batch {Sequence}", lost, next.Sequence);
            }

            lock (_unacknowledged)
            {
                _unacknowledged.Add(next);
            }

            await outgoing.WriteAsync(next, cancellationToken);
        }
    }

    // A sequence that cannot be stored is logged, not fatal: the stream's first ack still says where the API is, so only
    // an API that lost its own counter could see a number again.
    private void Persist()
    {
        try
        {
            _sequences.Save(_lastUsed);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Cannot store the telemetry sequence {Sequence}: {Reason}", _lastUsed, ex.Message);
        }
    }

    private void Handle(IngestAck ack)
    {
        Interlocked.Add(ref _eventsAccepted, ack.EventsAccepted);
        Interlocked.Add(ref _eventsRefused, ack.EventsRefused);
        switch (ack.Result)
        {
            case IngestResult.Refused:
                // Sent again it would be refused again: dropped, and said.
                _logger.LogWarning("The API refused telemetry batch {Sequence}: {Reason}", ack.Sequence, ack.Refusal);
                break;
            case IngestResult.Accepted when ack.EventsRefused > 0:
                _logger.LogWarning(
                    "The API refused {Refused} of the events of batch {Sequence}: {Refusals}",
                    ack.EventsRefused, ack.Sequence, string.Join("; ", ack.Refusals.Take(5).Select(r => $"#{r.Index} {r.Field} {r.Reason}")));
                break;
            default:
                _logger.LogDebug("Telemetry batch {Sequence}: {Result}, {Accepted} events accepted", ack.Sequence, ack.Result, ack.EventsAccepted);
                break;
        }

        lock (_unacknowledged)
        {
            _unacknowledged.RemoveAll(b => b.Sequence == ack.Sequence || b.Sequence <= ack.AcknowledgedSequence);
        }

        Acknowledge(Math.Max(ack.AcknowledgedSequence, ack.Result == IngestResult.Refused ? 0 : ack.Sequence));
        _acknowledgements.Release();
    }

    private void Acknowledge(ulong sequence)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref _acknowledged);
            if ((ulong)current >= sequence)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _acknowledged, (long)sequence, current) != current);
    }
}
