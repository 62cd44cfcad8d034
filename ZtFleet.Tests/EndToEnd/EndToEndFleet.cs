using ZtFleet.Tests.Agent;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// The end-to-end test's plant: an HMI zone and a control zone with one PLC, at the lab's addresses. The HMI may read
/// the PLC's registers over Modbus/TCP; it may write them only while its user (the technician) holds an active grant;
/// HTTPS on 8443 is open; nothing else is.
/// </summary>
internal static class EndToEndFleet
{
    public const string Plant = "line";
    public const string Technician = "tech";
    public const string Plc = "plc-1";
    public const int HttpsPort = 8443;
    public const int ClosedPort = 8080;

    public static readonly string Document = AgentFleets.Line(NetworkLab.HmiAddress, NetworkLab.PlcAddress, grantedWrites: true, https: true);

    /// <summary>The same fleet without the HTTPS conduit (a change that removes a conduit).</summary>
    public static readonly string DocumentWithoutHttps = AgentFleets.Line(NetworkLab.HmiAddress, NetworkLab.PlcAddress, grantedWrites: true, https: false);
}
