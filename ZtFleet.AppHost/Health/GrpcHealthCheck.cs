using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZtFleet.AppHost.Health;

/// <summary>
/// Asks a gRPC server's standard health service (<c>grpc.health.v1.Health/Check</c>, whole server) over h2c and is
/// healthy when it answers SERVING.
/// </summary>
/// <remarks>
/// Aspire's HTTP health check speaks HTTP/1.1, which an h2c-only gRPC endpoint refuses. The request and response
/// are small enough to frame by hand, which keeps gRPC packages out of the AppHost.
/// </remarks>
internal sealed class GrpcHealthCheck(Func<Uri> address) : IHealthCheck
{
    private const byte ServingStatusTag = 0x08; // field 1 (status), varint
    private const byte Serving = 1;

    // One uncompressed gRPC frame carrying an empty HealthCheckRequest (service "" = the whole server).
    private static readonly byte[] EmptyRequestFrame = [0, 0, 0, 0, 0];

    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) })
    {
        Timeout = TimeSpan.FromSeconds(5),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(address(), "/grpc.health.v1.Health/Check");
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                Content = new ByteArrayContent(EmptyRequestFrame),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
            request.Headers.TE.ParseAdd("trailers");

            using var response = await Client.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var grpcStatus = GrpcStatus(response);
            if (response.StatusCode != HttpStatusCode.OK || grpcStatus != "0")
            {
                return HealthCheckResult.Unhealthy($"{uri} answered HTTP {(int)response.StatusCode}, grpc-status {grpcStatus ?? "none"}.");
            }

            var status = ServingStatus(body);
            return status == Serving
                ? HealthCheckResult.Healthy($"{uri} is SERVING.")
                : HealthCheckResult.Unhealthy($"{uri} reports status {status} (1 = SERVING).");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{uri} does not answer.", exception);
        }
    }

    private static string? GrpcStatus(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.FirstOrDefault()
        : null;

    /// <summary>Reads <c>HealthCheckResponse.status</c> from one gRPC frame; 0 (UNKNOWN) when absent.</summary>
    private static int ServingStatus(byte[] frame)
    {
        if (frame.Length < 5)
        {
            return 0;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4));
        var message = frame.AsSpan(5, (int)Math.Min(length, (uint)(frame.Length - 5)));
        return message.Length >= 2 && message[0] == ServingStatusTag ? message[1] : 0;
    }
}
