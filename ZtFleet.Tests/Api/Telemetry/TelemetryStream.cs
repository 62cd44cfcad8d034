using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.Telemetry;

/// <summary>One sender's open <c>Ingest</c> stream: the first acknowledgement, then a batch in and its acknowledgement out.</summary>
internal sealed class TelemetryStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<IngestBatch, IngestAck> _call;

    private TelemetryStream(AsyncDuplexStreamingCall<IngestBatch, IngestAck> call, IngestAck first)
    {
        _call = call;
        First = first;
    }

    /// <summary>The acknowledgement of sequence 0 the server sends first.</summary>
    public IngestAck First { get; }

    public static async Task<TelemetryStream> OpenAsync(ApiServer server, CallOptions credential)
    {
        var call = new TelemetryService.TelemetryServiceClient(server.Channel).Ingest(credential.WithDeadline(DateTime.UtcNow.AddMinutes(2)));
        if (!await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("The stream ended before its first acknowledgement.");
        }

        return new TelemetryStream(call, call.ResponseStream.Current);
    }

    /// <summary>Sends a batch and waits for its acknowledgement.</summary>
    public async Task<IngestAck> SendAsync(IngestBatch batch)
    {
        await _call.RequestStream.WriteAsync(batch);
        if (!await _call.ResponseStream.MoveNext(CancellationToken.None))
        {
            throw new InvalidOperationException("The stream ended without an acknowledgement.");
        }

        return _call.ResponseStream.Current;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.RequestStream.CompleteAsync();
            while (await _call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
        }

        _call.Dispose();
    }

    /// <summary>An administrator creates an enrollment token of <paramref name="kind"/>; the sender enrolls with it.</summary>
    public static async Task<CallOptions> EnrollAsync(ApiServer server, string id, string plant, EnrollmentKind kind)
    {
        var client = new EnforcementService.EnforcementServiceClient(server.Channel);
        var token = await client.CreateEnrollmentTokenAsync(
            new CreateEnrollmentTokenRequest { EnforcementPointId = id, PlantId = plant, Name = id, Kind = kind }, server.As(Role.FleetAdmin));
        var enrolled = await client.EnrollAsync(new EnrollRequest(), EnforcementPoint.Bearer(token.EnrollmentToken));
        Assert.Equal(kind == EnrollmentKind.Sensor ? EnrollmentKind.Sensor : EnrollmentKind.EnforcementPoint, enrolled.Kind);
        return EnforcementPoint.Bearer(enrolled.Credential);
    }

    /// <summary>A Modbus read from <paramref name="source"/> to <paramref name="destination"/>, now.</summary>
    public static TelemetryEvent Modbus(string source, string destination, int functionCode = 3, DateTimeOffset? at = null) => new()
    {
        At = Timestamp.FromDateTimeOffset(at ?? DateTimeOffset.UtcNow),
        OtTransaction = new OtTransaction
        {
            Source = new Endpoint { Ip = source, Port = 40000 },
            Destination = new Endpoint { Ip = destination, Port = 502 },
            Protocol = "modbus-tcp",
            FunctionCode = functionCode,
            Unit = 1,
            Address = 100,
            Quantity = 4,
            Outcome = OtOutcome.Forwarded,
        },
    };

    /// <summary>A batch of <paramref name="plant"/> with these events.</summary>
    public static IngestBatch Batch(ulong sequence, string plant, params TelemetryEvent[] events)
    {
        var batch = new IngestBatch { Sequence = sequence, PlantId = plant };
        batch.Events.AddRange(events);
        return batch;
    }
}
