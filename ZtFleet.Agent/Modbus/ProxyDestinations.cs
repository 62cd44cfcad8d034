using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// Which original destinations the proxy refuses to connect to: itself (a connection to the proxy port that nftables
/// did not redirect reports the proxy's own address and port, and following it would make the proxy connect to itself
/// in a growing chain), its own port on any address, and any address of this host.
/// </summary>
public static class ProxyDestinations
{
    /// <summary>Why a connection with this original destination is refused, or null when the proxy may connect.</summary>
    /// <param name="destination">The connection's original destination.</param>
    /// <param name="local">The accepted socket's local end (the proxy's address and port for this connection).</param>
    /// <param name="proxyPort">The port the proxy listens on.</param>
    /// <param name="isHostAddress">Whether an address belongs to this host.</param>
    public static string? Refusal(IPEndPoint destination, IPEndPoint local, int proxyPort, Func<IPAddress, bool> isHostAddress)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(isHostAddress);
        var address = Normal(destination.Address);
        if (address.Equals(Normal(local.Address)) && destination.Port == local.Port)
        {
            return "its original destination is the proxy itself: a direct connection, not redirected by nftables";
        }

        if (destination.Port == proxyPort)
        {
            return $"its original destination {destination} is the proxy's own port";
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || isHostAddress(address))
        {
            return $"its original destination {destination} is an address of this gateway";
        }

        return null;
    }

    /// <summary>Whether <paramref name="address"/> is assigned to one of this host's interfaces (in its network namespace).</summary>
    public static bool IsHostAddress(IPAddress address)
    {
        var wanted = Normal(address);
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(nic => nic.GetIPProperties().UnicastAddresses)
                .Any(unicast => Normal(unicast.Address).Equals(wanted));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }

    private static IPAddress Normal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        // Link-local addresses compare without their scope.
        return address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
    }
}
