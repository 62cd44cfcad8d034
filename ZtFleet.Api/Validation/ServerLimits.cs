using Microsoft.AspNetCore.Server.Kestrel.Core;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Validation;

/// <summary>
/// The transport limits the API sets deliberately, rather than inheriting whatever a Kestrel or gRPC version
/// defaults to. See <c>docs/api-limits.md</c>.
/// </summary>
public static class ServerLimits
{
    /// <summary>
    /// The largest request message: the largest document (<see cref="FleetDocumentReader.MaxDocumentBytes"/>, 8 MiB)
    /// plus room for its envelope. A larger message is refused by gRPC itself with RESOURCE_EXHAUSTED.
    /// </summary>
    public const int MaxReceiveMessageSize = 10 * 1024 * 1024;

    /// <summary>All request headers of one call together (a bearer token is about 1 KiB).</summary>
    public const int MaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>One request header field, compressed (HPACK) or not.</summary>
    public const int MaxRequestHeaderFieldSize = 16 * 1024;

    /// <summary>Concurrent calls on one HTTP/2 connection; more wait for a free stream.</summary>
    public const int MaxStreamsPerConnection = 100;

    public static void Apply(KestrelServerLimits limits)
    {
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadersTotalSize;
        limits.Http2.MaxRequestHeaderFieldSize = MaxRequestHeaderFieldSize;
        limits.Http2.HeaderTableSize = 4096;
        limits.Http2.MaxStreamsPerConnection = MaxStreamsPerConnection;
        limits.Http2.MaxFrameSize = 16 * 1024;

        // A peer that vanished without closing its connection (a gateway losing power, a cut link) would hold its
        // Watch streams, and so its share of the per-credential stream limit, until the socket times out, which
        // may be never. Pinging an idle connection every 30 s and dropping it after 20 s without an answer frees
        // them within a minute. Kestrel's other defaults are kept on purpose: a request body slower than
        // 240 bytes/s after a 5 s grace (MinRequestBodyDataRate) is cut off, 130 s keep-alive for an idle
        // connection; the bad-input tests (ZtFleet.Tests/Api/BadInput) rely on them.
        limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
        limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
    }
}
