using System.Runtime.CompilerServices;
using Grpc.Core;
using Grpc.Net.Client;
using ZtFleet.Agent.State;
using ZtFleet.Api.V1;

namespace ZtFleet.Agent.ControlPlane;

/// <summary>The control plane over gRPC: one channel, the credential as a bearer token on every call.</summary>
public sealed class GrpcControlPlane : IControlPlane, IDisposable
{
    /// <summary>A whole plant definition arrives in one message; large plants are several MB.</summary>
    public const int MaxReceiveMessageSize = 64 * 1024 * 1024;

    private static readonly TimeSpan UnaryDeadline = TimeSpan.FromSeconds(5);

    private readonly GrpcChannel _channel;
    private readonly bool _ownsChannel;
    private readonly EnforcementService.EnforcementServiceClient _client;
    private readonly TelemetryService.TelemetryServiceClient _telemetry;
    private Metadata? _credential;

    public GrpcControlPlane(Uri api)
        : this(GrpcChannel.ForAddress(api, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = MaxReceiveMessageSize,

            // HTTP/2 pings find a silently dead connection (a cut cable, a crashed API host) so the watch is reopened
            // instead of waiting forever on a stream that will never deliver.
            HttpHandler = new SocketsHttpHandler
            {
                KeepAlivePingDelay = TimeSpan.FromSeconds(10),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
                EnableMultipleHttp2Connections = true,
            },
        }), ownsChannel: true)
    {
    }

    public GrpcControlPlane(GrpcChannel channel, bool ownsChannel = false)
    {
        _channel = channel;
        _ownsChannel = ownsChannel;
        _client = new EnforcementService.EnforcementServiceClient(channel);
        _telemetry = new TelemetryService.TelemetryServiceClient(channel);
    }

    public async Task<StoredCredential> EnrollAsync(string enrollmentToken, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.EnrollAsync(
                new EnrollRequest(), Bearer(enrollmentToken), DateTime.UtcNow + UnaryDeadline, cancellationToken);
            return new StoredCredential(
                response.EnforcementPointId,
                response.PlantId,
                [.. response.ZoneIds],
                response.Credential,
                response.CredentialExpiresAt?.ToDateTimeOffset());
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.AlreadyExists or StatusCode.NotFound)
        {
            throw new EnrollmentRefusedException($"the API refused the enrollment token ({ex.StatusCode}: {ex.Status.Detail})", ex);
        }
    }

    public void UseCredential(StoredCredential credential) => _credential = Bearer(credential.Credential);

    public async IAsyncEnumerable<WatchResponse> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _client.Watch(request, Credential, cancellationToken: cancellationToken);
        var stream = call.ResponseStream;
        while (true)
        {
            bool more;
            try
            {
                more = await stream.MoveNext(cancellationToken);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                throw Refused(ex);
            }

            if (!more)
            {
                yield break;
            }

            yield return stream.Current;
        }
    }

    public async Task<long> AckAsync(long epoch, string rulesetSha256, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.AckAsync(
                new AckRequest { Epoch = epoch, RulesetSha256 = rulesetSha256 }, Credential, DateTime.UtcNow + UnaryDeadline, cancellationToken);
            return response.AcknowledgedEpoch;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            throw Refused(ex);
        }
    }

    public async Task<long> HeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.HeartbeatAsync(new HeartbeatRequest(), Credential, DateTime.UtcNow + UnaryDeadline, cancellationToken);
            return response.PlantEpoch;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            throw Refused(ex);
        }
    }

    public async IAsyncEnumerable<IngestAck> IngestAsync(IAsyncEnumerable<IngestBatch> batches, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var call = _telemetry.Ingest(Credential, cancellationToken: cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAllAsync(call.RequestStream, batches, stop.Token);
        try
        {
            var acks = call.ResponseStream;
            while (true)
            {
                bool more;
                try
                {
                    more = await acks.MoveNext(cancellationToken);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
                {
                    throw Refused(ex);
                }

                if (!more)
                {
                    yield break;
                }

                yield return acks.Current;
            }
        }
        finally
        {
            await stop.CancelAsync();

            // A failed write also fails the response stream, which reports it.
            await writing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        if (_ownsChannel)
        {
            _channel.Dispose();
        }
    }

    private static async Task WriteAllAsync(IClientStreamWriter<IngestBatch> requests, IAsyncEnumerable<IngestBatch> batches, CancellationToken cancellationToken)
    {
        await foreach (var batch in batches.WithCancellation(cancellationToken))
        {
            await requests.WriteAsync(batch, cancellationToken);
        }

        await requests.CompleteAsync();
    }

    private Metadata Credential => _credential ?? throw new InvalidOperationException("No credential: enroll first.");

    private static CredentialRefusedException Refused(RpcException ex) =>
        new($"the API refused this enforcement point's credential ({ex.Status.Detail}); it was revoked or has expired: enroll again with a new token", ex);

    private static Metadata Bearer(string token) => new() { { "authorization", $"Bearer {token}" } };
}
