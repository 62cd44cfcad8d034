using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// Where a connection that nftables redirected to the proxy was really going: the kernel keeps it in conntrack and
/// hands it out as <c>SO_ORIGINAL_DST</c> (IPv4, level <c>SOL_IP</c>) or <c>IP6T_SO_ORIGINAL_DST</c> (IPv6, level
/// <c>SOL_IPV6</c>), Linux only. An IPv4 connection accepted on the dual-stack listener (a v4-mapped local address)
/// is asked at the IPv4 level.
/// </summary>
/// <remarks>
/// A connection that was not redirected still has a conntrack entry: its "original destination" is the proxy's own
/// address and port. <see cref="ProxyDestinations"/> refuses those.
/// </remarks>
public static class OriginalDestination
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80;
    private const int Ip6tSoOriginalDst = 80;
    private const ushort AfInet = 2;
    private const ushort AfInet6 = 10;

    /// <summary>The original destination, or null when the kernel gives none (or not on Linux).</summary>
    public static IPEndPoint? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var ipv6 = socket.LocalEndPoint is IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } local && !local.Address.IsIPv4MappedToIPv6;
        var sockaddr = new byte[28];
        try
        {
            var length = ipv6
                ? socket.GetRawSocketOption(SolIpv6, Ip6tSoOriginalDst, sockaddr)
                : socket.GetRawSocketOption(SolIp, SoOriginalDst, sockaddr);
            return Parse(sockaddr.AsSpan(0, length));
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>
    /// Reads a <c>sockaddr_in</c> (family, port big-endian at bytes 2-3, IPv4 address at 4-7) or <c>sockaddr_in6</c>
    /// (family, port at 2-3, flow info, IPv6 address at 8-23, scope id at 24-27); null for anything else. The family is
    /// in the machine's byte order.
    /// </summary>
    public static IPEndPoint? Parse(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 8)
        {
            return null;
        }

        var family = MemoryMarshal.Read<ushort>(sockaddr);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        return family switch
        {
            AfInet => new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), port),
            AfInet6 when sockaddr.Length >= 24 => new IPEndPoint(
                new IPAddress(sockaddr.Slice(8, 16), sockaddr.Length >= 28 ? MemoryMarshal.Read<uint>(sockaddr[24..]) : 0), port),
            _ => null,
        };
    }
}
