using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.BadInput;

/// <summary>
/// The real API over Kestrel (one for the whole bad-input suite), with the two-plant fleet applied and one enrolled
/// enforcement point, and the credentials the cases call with.
/// </summary>
public sealed class BadInputServer : IAsyncLifetime
{
    /// <summary>The enforcement point the suite enrolls (an id the sample requests never name).</summary>
    public const string PointId = "bad-input-pep";

    /// <summary>Statuses that mean the server failed rather than refused: never an answer to bad input.</summary>
    public static readonly StatusCode[] ServerFaults = [StatusCode.Internal, StatusCode.Unknown];

    public ApiServer Server { get; } = new();

    public CallOptions Admin { get; private set; }

    public CallOptions Point { get; private set; }

    public GrpcChannel Channel => Server.Channel;

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        Admin = Server.As(Role.FleetAdmin);
        await new FleetService.FleetServiceClient(Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        Point = (await EnforcementPoint.EnrollAsync(Server, PointId, "berlin")).Credential;
    }

    public Task DisposeAsync() => Server.DisposeAsync();

    /// <summary>The credential a case runs with, by name (theory data stays serialisable).</summary>
    public CallOptions Credential(string name) => name switch
    {
        "admin" => Admin,
        "point" => Point,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "admin or point"),
    };

    /// <summary>
    /// Calls <paramref name="rpc"/> with raw request bytes and returns its status: OK for an answer, or for a server
    /// stream that opened and sent a first message or stayed open for a second (then it is cancelled).
    /// </summary>
    public async Task<Status> CallAsync(PublicRpc rpc, byte[] request, CallOptions credential, GrpcChannel? channel = null, TimeSpan? deadline = null)
    {
        var invoker = (channel ?? Channel).CreateCallInvoker();
        var options = credential.WithDeadline(DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(10)));
        try
        {
            if (rpc.IsClientStreaming)
            {
                return await StreamAsync(invoker, rpc, request, options);
            }

            if (!rpc.IsServerStreaming)
            {
                _ = await invoker.AsyncUnaryCall(rpc.Raw, null, options, request);
                return Status.DefaultSuccess;
            }

            using var stop = new CancellationTokenSource();
            using var call = invoker.AsyncServerStreamingCall(rpc.Raw, null, options.WithCancellationToken(stop.Token), request);
            var first = call.ResponseStream.MoveNext(CancellationToken.None);
            if (await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(1))) != first)
            {
                await stop.CancelAsync();
                try
                {
                    await first;
                }
                catch (RpcException)
                {
                }

                return Status.DefaultSuccess;
            }

            _ = await first;
            return Status.DefaultSuccess;
        }
        catch (RpcException ex)
        {
            return ex.Status;
        }
    }

    /// <summary>
    /// A client (or bidirectional) stream: the request is its one message; the stream is then closed and read to its
    /// end, so the status is what the server made of that message (a stream that answers and ends cleanly is OK).
    /// </summary>
    private static async Task<Status> StreamAsync(CallInvoker invoker, PublicRpc rpc, byte[] request, CallOptions options)
    {
        if (rpc.IsServerStreaming)
        {
            using var duplex = invoker.AsyncDuplexStreamingCall(rpc.Raw, null, options);
            await WriteOnceAsync(duplex.RequestStream, request);
            while (await duplex.ResponseStream.MoveNext(CancellationToken.None))
            {
            }

            return duplex.GetStatus();
        }

        using var call = invoker.AsyncClientStreamingCall(rpc.Raw, null, options);
        await WriteOnceAsync(call.RequestStream, request);
        _ = await call.ResponseAsync;
        return call.GetStatus();
    }

    /// <summary>
    /// Writes the one message and closes the stream. The server may answer (a refusal) before it has read it all;
    /// then the write fails and the call's status, read afterwards, is the answer.
    /// </summary>
    private static async Task WriteOnceAsync(IClientStreamWriter<byte[]> requests, byte[] request)
    {
        try
        {
            await requests.WriteAsync(request);
            await requests.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
        }
    }

    /// <summary>The server still answers on <paramref name="channel"/>: health, and an authenticated call.</summary>
    public async Task AssertStillServesAsync(GrpcChannel? channel = null)
    {
        channel ??= Channel;
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), deadline: deadline);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var plants = await new FleetService.FleetServiceClient(channel).ListPlantsAsync(new ListPlantsRequest(), Admin.WithDeadline(deadline));
        Assert.Equal(2, plants.Plants.Count);
    }
}
