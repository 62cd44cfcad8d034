using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// Where a connection that nftables redirected to the proxy was really going: the kernel keeps it in conntrack and
/// hands it out as <c>SO_ORIGINAL_DST</c> (IPv4, Linux).
/// </summary>
public static class OriginalDestination
{
    private const int SolIp = 0;
    private const int SoOriginalDst = 80;

    /// <summary>The original destination, or null when the connection was not redirected (or not on Linux).</summary>
    public static IPEndPoint? Of(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var address = new byte[16];
        try
        {
            var length = socket.GetRawSocketOption(SolIp, SoOriginalDst, address);
            return length >= 8 ? Parse(address) : null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Reads a <c>sockaddr_in</c>: family, port (big-endian), IPv4 address.</summary>
    public static IPEndPoint Parse(ReadOnlySpan<byte> sockaddr) =>
        new(new IPAddress(sockaddr.Slice(4, 4)), BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
}
