extern alias agent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// A control plane that records acknowledgements and watch requests and plays the watch messages a test writes; a
/// message of kind <see cref="BreakKind"/> breaks the stream (Unavailable). Its ingest side behaves as the API's:
/// the first ack (sequence 0) carries the highest sequence acknowledged, a batch at or below it is a duplicate, and
/// every batch is answered in order; <see cref="IngestDown"/> makes it unreachable and <see cref="AckGate"/>, when set,
/// holds each acknowledgement until the test releases it.
/// </summary>
internal sealed class FakeControlPlane : IControlPlane
{
    public const string BreakKind = "break";

    private readonly List<(long Epoch, string Sha256)> _acks = [];
    private readonly List<WatchRequest> _requests = [];
    private readonly List<IngestBatch> _batches = [];
    private long _plantEpoch;
    private ulong _ingestAcknowledged;
    private volatile bool _ingestDown;
    private int _ingestStreams;

    public Channel<WatchResponse> Messages { get; } = Channel.CreateUnbounded<WatchResponse>();

    public long PlantEpoch
    {
        get => Interlocked.Read(ref _plantEpoch);
        set => Interlocked.Exchange(ref _plantEpoch, value);
    }

    public IReadOnlyList<WatchRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<(long Epoch, string Sha256)> Acks
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    public Task<StoredCredential> EnrollAsync(string enrollmentToken, CancellationToken cancellationToken) =>
        throw new EnrollmentRefusedException("the fake control plane enrolls nobody");

    public void UseCredential(StoredCredential credential)
    {
    }

    public async IAsyncEnumerable<WatchResponse> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        await foreach (var message in Messages.Reader.ReadAllAsync(cancellationToken))
        {
            if (message.Kind == BreakKind)
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the test broke the stream"));
            }

            yield return message;
        }
    }

    public Task<long> AckAsync(long epoch, string rulesetSha256, CancellationToken cancellationToken)
    {
        lock (_acks)
        {
            _acks.Add((epoch, rulesetSha256));
        }

        return Task.FromResult(epoch);
    }

    public Task<long> HeartbeatAsync(CancellationToken cancellationToken) => Task.FromResult(PlantEpoch);

    /// <summary>While true, new ingest streams fail and open ones break at their next batch (Unavailable).</summary>
    public bool IngestDown
    {
        get => _ingestDown;
        set => _ingestDown = value;
    }

    /// <summary>When it returns true for a batch, the stream breaks (Unavailable) before the batch is processed.</summary>
    public Func<IngestBatch, bool>? BreakOn { get; set; }

    /// <summary>When set, each batch's acknowledgement waits for one release.</summary>
    public SemaphoreSlim? AckGate { get; set; }

    /// <summary>The highest sequence acknowledged (what a new stream's first ack says).</summary>
    public ulong IngestAcknowledged
    {
        get
        {
            lock (_batches)
            {
                return _ingestAcknowledged;
            }
        }

        set
        {
            lock (_batches)
            {
                _ingestAcknowledged = value;
            }
        }
    }

    /// <summary>Ingest streams opened.</summary>
    public int IngestStreams => Volatile.Read(ref _ingestStreams);

    /// <summary>Every batch received, duplicates included.</summary>
    public IReadOnlyList<IngestBatch> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    /// <summary>The events of the batches accepted (each batch counted once), in order.</summary>
    public IReadOnlyList<TelemetryEvent> Accepted
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches.GroupBy(b => b.Sequence).OrderBy(g => g.Key).SelectMany(g => g.First().Events)];
            }
        }
    }

    public async IAsyncEnumerable<IngestAck> IngestAsync(IAsyncEnumerable<IngestBatch> batches, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (IngestDown)
        {
            throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the test took ingestion down"));
        }

        Interlocked.Increment(ref _ingestStreams);
        yield return new IngestAck { Sequence = 0, AcknowledgedSequence = IngestAcknowledged };
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            if (IngestDown)
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the test took ingestion down"));
            }

            if (BreakOn is { } breakOn && breakOn(batch))
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the test broke the ingest stream"));
            }

            if (AckGate is { } gate)
            {
                await gate.WaitAsync(cancellationToken);
            }

            IngestAck ack;
            lock (_batches)
            {
                var duplicate = batch.Sequence <= _ingestAcknowledged;
                _batches.Add(batch);
                if (!duplicate)
                {
                    _ingestAcknowledged = batch.Sequence;
                }

                ack = new IngestAck
                {
                    Sequence = batch.Sequence,
                    AcknowledgedSequence = _ingestAcknowledged,
                    Result = duplicate ? IngestResult.Duplicate : IngestResult.Accepted,
                    EventsAccepted = duplicate ? 0u : (uint)batch.Events.Count,
                };
            }

            yield return ack;
        }
    }
}
