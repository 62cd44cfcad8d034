extern alias agent;
using System.Net;
using System.Net.Sockets;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.Modbus;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ZtFleet.Tests.Agent;

/// <summary>What the proxy refuses before it connects anywhere, and where a redirected connection was going.</summary>
public sealed class ModbusProxyTests
{
    private const int ProxyPort = 5020;
    private static readonly IPEndPoint Proxy = new(IPAddress.Parse("10.231.1.1"), ProxyPort);
    private static readonly IPEndPoint Plc = new(IPAddress.Parse(AgentFleets.PlcAddress), 502);

    [Fact]
    public void A_connection_whose_original_destination_is_the_proxy_or_this_host_is_refused()
    {
        static bool HostHas(IPAddress address) => address.Equals(IPAddress.Parse("10.232.0.2"));

        Assert.Null(ProxyDestinations.Refusal(Plc, Proxy, ProxyPort, HostHas));
        Assert.Contains("the proxy itself", ProxyDestinations.Refusal(Proxy, Proxy, ProxyPort, HostHas), StringComparison.Ordinal);
        Assert.Contains("the proxy itself", ProxyDestinations.Refusal(
            Proxy, new IPEndPoint(IPAddress.Parse("10.231.1.1").MapToIPv6(), ProxyPort), ProxyPort, HostHas), StringComparison.Ordinal);
        Assert.Contains("own port", ProxyDestinations.Refusal(new IPEndPoint(Plc.Address, ProxyPort), Proxy, ProxyPort, HostHas), StringComparison.Ordinal);
        Assert.Contains("address of this gateway", ProxyDestinations.Refusal(new IPEndPoint(IPAddress.Parse("10.232.0.2"), 502), Proxy, ProxyPort, HostHas), StringComparison.Ordinal);
        Assert.Contains("address of this gateway", ProxyDestinations.Refusal(new IPEndPoint(IPAddress.IPv6Loopback, 502), Proxy, ProxyPort, HostHas), StringComparison.Ordinal);
        Assert.True(ProxyDestinations.IsHostAddress(IPAddress.Loopback));
    }

    [Fact]
    public async Task A_direct_connection_to_the_proxy_is_closed_at_once_instead_of_the_proxy_connecting_to_itself()
    {
        var state = new EnforcementState();
        state.Publish(PlantView.Of(AgentFleets.Snapshot(AgentFleets.ReadOnly, 1)));
        state.SetInStep(true);

        // Not redirected: the kernel reports the socket's own local end as the original destination.
        using var proxy = new ModbusProxy(0, state, new FakeTimeProvider(), NullLogger.Instance, address: IPAddress.Loopback, destinationOf: socket => (IPEndPoint)socket.LocalEndPoint!);
        proxy.Start();
        using var stop = new CancellationTokenSource();
        var running = proxy.RunAsync(stop.Token);
        try
        {
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await client.ConnectAsync(proxy.LocalEndPoint);
            await client.SendAsync(new byte[] { 0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01 });

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                Assert.Equal(0, await client.ReceiveAsync(new byte[16], timeout.Token));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
            }

            Assert.Empty(proxy.Sessions);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public void The_original_destination_is_read_from_sockaddr_in_and_sockaddr_in6()
    {
        byte[] ipv4 = [0, 0, 0x01, 0xF6, 10, 231, 2, 10, 0, 0, 0, 0, 0, 0, 0, 0];
        BitConverter.TryWriteBytes(ipv4.AsSpan(0, 2), (ushort)2);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.231.2.10"), 502), OriginalDestination.Parse(ipv4));

        var ipv6 = new byte[28];
        BitConverter.TryWriteBytes(ipv6.AsSpan(0, 2), (ushort)10);
        ipv6[2] = 0x01;
        ipv6[3] = 0xF6;
        IPAddress.Parse("fd00:231:2::10").GetAddressBytes().CopyTo(ipv6, 8);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("fd00:231:2::10"), 502), OriginalDestination.Parse(ipv6));

        var linkLocal = (byte[])ipv6.Clone();
        IPAddress.Parse("fe80::10").GetAddressBytes().CopyTo(linkLocal, 8);
        BitConverter.TryWriteBytes(linkLocal.AsSpan(24, 4), 3u);
        Assert.Equal(3, OriginalDestination.Parse(linkLocal)!.Address.ScopeId);

        Assert.Null(OriginalDestination.Parse(ipv6.AsSpan(0, 16)));
        Assert.Null(OriginalDestination.Parse(new byte[16]));
    }

    [Fact]
    public void The_proxy_listens_on_ipv4_and_ipv6()
    {
        using var proxy = new ModbusProxy(0, new EnforcementState(), new FakeTimeProvider(), NullLogger.Instance);
        proxy.Start();
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Equal(IPAddress.Any, proxy.LocalEndPoint.Address);
            return;
        }

        Assert.Equal(IPAddress.IPv6Any, proxy.LocalEndPoint.Address);
        using var ipv4 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        ipv4.Connect(new IPEndPoint(IPAddress.Loopback, proxy.LocalEndPoint.Port));
    }
}
