using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Grpc.Core;

namespace ZtFleet.Tests.Api.BadInput;

/// <summary>
/// gRPC by hand over <see cref="HttpClient"/> with HTTP/2 (h2c): the frames and headers a real client would never
/// send (a cut message, a length prefix that lies, another content type).
/// </summary>
internal sealed class RawGrpc(int port) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
    {
        Timeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>What came back: the HTTP status and, when there was one, the gRPC status (headers or trailers).</summary>
    public sealed record Answer(HttpStatusCode Http, StatusCode? Grpc, string? Message);

    /// <summary>A gRPC frame: not compressed, a big-endian length (<paramref name="declaredLength"/> when it lies), the bytes.</summary>
    public static byte[] Frame(byte[] message, int? declaredLength = null)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength ?? message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    public Task<Answer> PostAsync(string path, byte[] body, string? contentType, CallOptions credential, CancellationToken cancellationToken = default) =>
        PostAsync(path, new ByteArrayContent(body), contentType, credential, cancellationToken);

    public async Task<Answer> PostAsync(string path, HttpContent content, string? contentType, CallOptions credential, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}{path}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var entry in credential.Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(entry.Key, entry.Value);
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var status = Header(response.Headers, "grpc-status") ?? Header(response.TrailingHeaders, "grpc-status");
        var message = Header(response.Headers, "grpc-message") ?? Header(response.TrailingHeaders, "grpc-message");
        return new Answer(response.StatusCode, status is null ? null : (StatusCode)int.Parse(status, System.Globalization.CultureInfo.InvariantCulture), message);
    }

    public void Dispose() => _http.Dispose();

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
