using System.Net;
using Grpc.Core;

namespace ZtFleet.Api.Security;

/// <summary>
/// The IP address a call came from, without its port (an IPv4-mapped IPv6 address as IPv4), as "who" for callers
/// without a credential: reconnecting from the same host gives the same answer.
/// </summary>
public static class PeerAddress
{
    /// <summary>The caller's address, or gRPC's peer string when the transport has none.</summary>
    public static string Of(ServerCallContext context)
    {
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        return remote is null ? context.Peer : Normalize(remote).ToString();
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
