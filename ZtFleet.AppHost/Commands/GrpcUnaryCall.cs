using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ZtFleet.AppHost.Commands;

/// <summary>
/// One unary gRPC call over h2c, framed by hand (as <see cref="Health.GrpcHealthCheck"/> does), which keeps gRPC
/// packages out of the AppHost. Messages are written and read with the few protobuf helpers below.
/// </summary>
internal static class GrpcUnaryCall
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromMinutes(2),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Calls <paramref name="method"/> (<c>/package.Service/Method</c>); answers the response message, or throws with the gRPC status.</summary>
    public static async Task<byte[]> CallAsync(Uri server, string method, byte[] message, string bearer, CancellationToken cancellationToken)
    {
        var frame = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(frame, 5);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, method))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TE.ParseAdd("trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);

        using var response = await Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var status = Header(response, "grpc-status");
        if (response.StatusCode != HttpStatusCode.OK || status != "0")
        {
            var detail = Header(response, "grpc-message") is { } text ? Uri.UnescapeDataString(text) : $"HTTP {(int)response.StatusCode}";
            throw new InvalidOperationException($"{method} answered status {status ?? "none"}: {detail}");
        }

        if (body.Length < 5)
        {
            return [];
        }

        var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)), (uint)(body.Length - 5));
        return body.AsSpan(5, length).ToArray();
    }

    /// <summary>A string field of a protobuf message.</summary>
    public static void WriteString(List<byte> message, int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteVarint(message, (ulong)((field << 3) | 2));
        WriteVarint(message, (ulong)bytes.Length);
        message.AddRange(bytes);
    }

    /// <summary>How many times each field number occurs in <paramref name="message"/>, and the last varint value of each.</summary>
    public static Dictionary<int, (int Count, ulong Varint)> Fields(byte[] message)
    {
        var fields = new Dictionary<int, (int Count, ulong Varint)>();
        var at = 0;
        while (at < message.Length)
        {
            var tag = ReadVarint(message, ref at);
            var field = (int)(tag >> 3);
            ulong value = 0;
            switch (tag & 7)
            {
                case 0:
                    value = ReadVarint(message, ref at);
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    at += (int)ReadVarint(message, ref at);
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    return fields;
            }

            fields[field] = (fields.GetValueOrDefault(field).Count + 1, value);
        }

        return fields;
    }

    private static void WriteVarint(List<byte> message, ulong value)
    {
        while (value >= 0x80)
        {
            message.Add((byte)(value | 0x80));
            value >>= 7;
        }

        message.Add((byte)value);
    }

    private static ulong ReadVarint(byte[] message, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; at < message.Length && shift < 64; shift += 7)
        {
            var b = message[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                break;
            }
        }

        return value;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault()
        : null;
}
