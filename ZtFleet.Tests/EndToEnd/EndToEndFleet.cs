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

    public static readonly string Document = Build(https: true);

    /// <summary>The same fleet without the HTTPS conduit (a change that removes a conduit).</summary>
    public static readonly string DocumentWithoutHttps = Build(https: false);

    private static string Build(bool https) => $$"""
        apiVersion: ztfleet/v1
        fleet:
          name: End-to-end fleet
        roles:
          - id: technician
            description: Maintains the PLC; changes through temporary grants
            permissions:
              - operations: [view]
                zoneKinds: [ot-control]
        plants:
          - id: line
            name: Test line
            timeZone: Europe/Berlin
            zones:
              - id: hmi
                name: Operator HMIs
                kind: ot-supervisory
                purdueLevel: "2"
                securityLevelTarget: 2
              - id: control
                name: Control
                kind: ot-control
                purdueLevel: "1"
                securityLevelTarget: 3
            assets:
              - id: hmi-1
                name: Line HMI
                zone: hmi
                type: hmi
                ip: {{NetworkLab.HmiAddress}}
                criticality: 3
                usedBy: tech
              - id: plc-1
                name: Line PLC
                zone: control
                type: plc
                ip: {{NetworkLab.PlcAddress}}
                criticality: 5
            conduits:
              - id: hmi-reads-plc
                from: hmi
                to: control
                protocol: modbus-tcp
                port: 502
                operations: [read]
              - id: hmi-writes-plc
                from: hmi
                to: control
                protocol: modbus-tcp
                port: 502
                operations: [write]
                conditions:
                  activeGrant: true
        {{(https ? HttpsConduit : string.Empty)}}identities:
          - id: tech
            name: Tina Technician
            kind: employee
            assignments:
              - plant: line
                roles: [technician]
        """;

    // A property, not a field: the documents above are built during static initialisation, before later fields.
    private static string HttpsConduit => $"""
              - id: hmi-web-plc
                from: hmi
                to: control
                protocol: https
                port: {HttpsPort}

        """;
}
