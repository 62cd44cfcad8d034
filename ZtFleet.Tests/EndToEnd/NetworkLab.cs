using System.Net;
using System.Security.Cryptography;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// Three network namespaces made for one test run and removed after it: an HMI and a PLC, each on its own subnet
/// routed through a gateway namespace (the only one that forwards), plus a management link from the root namespace to
/// the gateway so the agent there reaches the API. Names are unique per run (zt-&lt;random&gt;-hmi/gw/plc); traffic
/// stays between these namespaces' own addresses.
/// </summary>
internal sealed class NetworkLab : IDisposable
{
    public const string HmiAddress = "10.231.1.10";
    public const string HmiGatewayAddress = "10.231.1.1";
    public const string PlcAddress = "10.231.2.10";
    public const string PlcGatewayAddress = "10.231.2.1";

    private readonly string _ip;
    private readonly string _id;
    private readonly List<LabProcess> _processes = [];
    private readonly List<string> _created = [];

    private NetworkLab(string ip)
    {
        _ip = ip;
        _id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

        // The management /30 sits in the root namespace: a random one, so two runs on one machine do not collide, and
        // one that overlaps no address or route the machine already has.
        var taken = RootNetworks(ip);
        for (var attempt = 0; ; attempt++)
        {
            var subnet = RandomNumberGenerator.GetInt32(0, 64) * 4;
            var third = RandomNumberGenerator.GetInt32(0, 256);
            var network = IPAddress.Parse($"10.232.{third}.{subnet}");
            if (!taken.Any(t => Overlap(t.Network, t.Length, network, 30)))
            {
                ManagementRootAddress = IPAddress.Parse($"10.232.{third}.{subnet + 1}");
                ManagementGatewayAddress = IPAddress.Parse($"10.232.{third}.{subnet + 2}");
                break;
            }

            if (attempt == 100)
            {
                throw new InvalidOperationException("no free /30 in 10.232.0.0/16 for the management link: every one tried overlaps a route or address of this machine");
            }
        }
    }

    public string Hmi => $"zt-{_id}-hmi";

    public string Gateway => $"zt-{_id}-gw";

    public string Plc => $"zt-{_id}-plc";

    /// <summary>The HMI namespace's end of its link to the gateway (where a capture sees the HMI's traffic as sent).</summary>
    public string HmiLink => $"zt{_id}h";

    /// <summary>The root namespace's end of the management link (the API listens here).</summary>
    public IPAddress ManagementRootAddress { get; }

    /// <summary>The gateway namespace's end of the management link.</summary>
    public IPAddress ManagementGatewayAddress { get; }

    private string RootLink => $"zt{_id}r";

    /// <summary>Builds the namespaces and links; on any failure removes what was made and throws.</summary>
    public static NetworkLab Create()
    {
        var lab = new NetworkLab(HostTools.Ip!);
        try
        {
            lab.Build();
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>Starts a program inside a namespace; it is killed when the lab is disposed.</summary>
    public LabProcess Start(string name, string @namespace, string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var process = LabProcess.Start(name, _ip, ["netns", "exec", @namespace, file, .. arguments], workingDirectory);
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Cuts or restores the management link (as a pulled cable: the gateway loses the control plane).</summary>
    public void SetManagementLink(bool up) => Ip("-n", Gateway, "link", "set", $"zt{_id}gm", up ? "up" : "down");

    /// <summary>Runs a program inside a namespace to its end and returns its output.</summary>
    public string Exec(string @namespace, string file, params string[] arguments) =>
        HostTools.Run(_ip, ["netns", "exec", @namespace, file, .. arguments], null, TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }

            _processes.Clear();
        }

        // Deleting a namespace removes its interfaces, their veth peers and its nftables tables with it.
        foreach (var @namespace in _created.AsEnumerable().Reverse())
        {
            HostTools.TryRun(_ip, "netns", "del", @namespace);
        }

        HostTools.TryRun(_ip, "link", "del", RootLink);
        _created.Clear();
    }

    private void Build()
    {
        foreach (var @namespace in new[] { Hmi, Gateway, Plc })
        {
            Ip("netns", "add", @namespace);
            _created.Add(@namespace);
            Ip("-n", @namespace, "link", "set", "lo", "up");
        }

        Link(Hmi, $"zt{_id}h", HmiAddress + "/24", $"zt{_id}gh", HmiGatewayAddress + "/24");
        Link(Plc, $"zt{_id}p", PlcAddress + "/24", $"zt{_id}gp", PlcGatewayAddress + "/24");
        Ip("-n", Hmi, "route", "add", "default", "via", HmiGatewayAddress);
        Ip("-n", Plc, "route", "add", "default", "via", PlcGatewayAddress);

        // Management: root <-> gateway. Created in the root namespace, the gateway's end moved into its namespace.
        Ip("link", "add", RootLink, "type", "veth", "peer", "name", $"zt{_id}gm");
        Ip("link", "set", $"zt{_id}gm", "netns", Gateway);
        Ip("addr", "add", $"{ManagementRootAddress}/30", "dev", RootLink);
        Ip("link", "set", RootLink, "up");
        Ip("-n", Gateway, "addr", "add", $"{ManagementGatewayAddress}/30", "dev", $"zt{_id}gm");
        Ip("-n", Gateway, "link", "set", $"zt{_id}gm", "up");

        // Only the gateway forwards (the sysctl is per namespace).
        Exec(Gateway, "/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward");
    }

    // A veth pair between an end namespace and the gateway, each end with its address.
    private void Link(string end, string endName, string endAddress, string gatewayName, string gatewayAddress)
    {
        Ip("-n", end, "link", "add", endName, "type", "veth", "peer", "name", gatewayName, "netns", Gateway);
        Ip("-n", end, "addr", "add", endAddress, "dev", endName);
        Ip("-n", end, "link", "set", endName, "up");
        Ip("-n", Gateway, "addr", "add", gatewayAddress, "dev", gatewayName);
        Ip("-n", Gateway, "link", "set", gatewayName, "up");
    }

    private void Ip(params string[] arguments) => HostTools.Run(_ip, arguments);

    // The root namespace's IPv4 addresses and routes (every table) as prefixes; a default route is no claim.
    private static List<(IPAddress Network, int Length)> RootNetworks(string ip)
    {
        string[] routeTypes = ["unicast", "local", "broadcast", "multicast", "anycast", "blackhole", "unreachable", "prohibit", "throw", "nat"];
        var prefixes = new List<string>();
        foreach (var line in HostTools.Run(ip, "-4", "-o", "addr", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var inet = Array.IndexOf(tokens, "inet");
            if (inet >= 0 && inet + 1 < tokens.Length)
            {
                prefixes.Add(tokens[inet + 1]);
            }
        }

        foreach (var line in HostTools.Run(ip, "-4", "route", "show", "table", "all").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var first = tokens.Length > 1 && routeTypes.Contains(tokens[0]) ? tokens[1] : tokens[0];
            if (first != "default")
            {
                prefixes.Add(first);
            }
        }

        var networks = new List<(IPAddress, int)>();
        foreach (var prefix in prefixes)
        {
            var parts = prefix.Split('/');
            if (IPAddress.TryParse(parts[0], out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            {
                networks.Add((address, parts.Length == 2 && int.TryParse(parts[1], out var length) ? length : 32));
            }
        }

        return networks;
    }

    // Two IPv4 prefixes overlap when they agree on the bits of the shorter one.
    private static bool Overlap(IPAddress a, int aLength, IPAddress b, int bLength)
    {
        var length = Math.Min(aLength, bLength);
        if (length == 0)
        {
            return true;
        }

        var mask = uint.MaxValue << (32 - length);
        return (ToUInt32(a) & mask) == (ToUInt32(b) & mask);
    }

    private static uint ToUInt32(IPAddress address) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());
}
