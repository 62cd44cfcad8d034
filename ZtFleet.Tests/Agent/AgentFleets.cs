using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Agent;

/// <summary>The fleet the agent tests enforce: an HMI zone and a control zone with one PLC.</summary>
internal static class AgentFleets
{
    public const string Plant = "line";
    public const string HmiAddress = "10.231.1.10";
    public const string PlcAddress = "10.231.2.10";

    /// <summary>HMI → PLC: Modbus read, HTTPS on 8443; nothing else.</summary>
    public static readonly string ReadOnly = Line(HmiAddress, PlcAddress, grantedWrites: false, https: true);

    /// <summary>
    /// The test line: an HMI zone and a control zone with one PLC at the given addresses. The HMI (used by the
    /// technician <c>tech</c>) reads the PLC's registers over Modbus/TCP; with <paramref name="grantedWrites"/> it may
    /// write them while the technician holds an active grant; with <paramref name="https"/> HTTPS on 8443 is open.
    /// </summary>
    public static string Line(string hmiAddress, string plcAddress, bool grantedWrites, bool https) => $$"""
        apiVersion: ztfleet/v1
        fleet:
          name: Test line fleet
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
                ip: {{hmiAddress}}
                criticality: 3
                usedBy: tech
              - id: plc-1
                name: Line PLC
                zone: control
                type: plc
                ip: {{plcAddress}}
                criticality: 5
            conduits:
              - id: hmi-reads-plc
                from: hmi
                to: control
                protocol: modbus-tcp
                port: 502
                operations: [read]
        {{(grantedWrites ? GrantedWrites : string.Empty)}}{{(https ? Https : string.Empty)}}identities:
          - id: tech
            name: Tina Technician
            kind: employee
            assignments:
              - plant: line
                roles: [technician]
        """;

    // Properties, not fields: the documents above are built during static initialisation, before later fields.
    private static string GrantedWrites => """
              - id: hmi-writes-plc
                from: hmi
                to: control
                protocol: modbus-tcp
                port: 502
                operations: [write]
                conditions:
                  activeGrant: true

        """;

    private static string Https => """
              - id: hmi-web-plc
                from: hmi
                to: control
                protocol: https
                port: 8443

        """;

    /// <summary>The plant of a document, validated like any applied one.</summary>
    public static FleetDocument Document(string yaml)
    {
        var result = FleetDocumentReader.Read(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        return result.Document!;
    }

    public static PlantSnapshot Snapshot(string yaml, long epoch) => PlantSnapshot.FromDocument(Document(yaml), PlantId.Parse(Plant), epoch);

    /// <summary>The same plant without the read conduit: a Modbus read is revoked.</summary>
    public static PlantSnapshot WithoutRead(long epoch)
    {
        var document = Document(ReadOnly);
        var plant = document.Plants.Single();
        var changed = plant with { Conduits = plant.Conduits.Where(c => c.Id.Value != "hmi-reads-plc").ToList() };
        return PlantSnapshot.Create(changed, document.DefinedRoles, document.EffectivePolicy, [], epoch);
    }
}
