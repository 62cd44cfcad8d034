using System.Text.Json;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>A valid fleet document touching every feature, and helpers to mutate and inspect it.</summary>
internal static class FleetSamples
{
    public const string Berlin = """
        apiVersion: ztfleet/v1
        fleet:
          name: Acme Manufacturing
        plants:
          - id: berlin
            name: Berlin Stamping
            timeZone: Europe/Berlin
            shifts:
              - id: early
                name: Early shift
                start: "06:00"
                end: "14:00"
                days: [mon, tue, wed, thu, fri]
              - id: night
                name: Night shift
                start: "22:00"
                end: "06:00"
                days: [sun, mon, tue, wed, thu]
            maintenanceWindows:
              - id: saturday
                name: Saturday maintenance
                start: "08:00"
                end: "16:00"
                days: [sat]
            zones:
              - id: ent-it
                name: Enterprise IT
                kind: enterprise-it
                purdueLevel: "4"
                securityLevelTarget: 1
              - id: dmz
                name: Industrial DMZ
                kind: dmz
                purdueLevel: "3.5"
                securityLevelTarget: 3
              - id: site-ops
                name: Site operations
                kind: ot-supervisory
                purdueLevel: "3"
                securityLevelTarget: 2
              - id: cell-1
                name: Press line 1
                kind: ot-control
                purdueLevel: "1"
                securityLevelTarget: 3
                description: Presses and their PLCs
              - id: sis
                name: Safety systems
                kind: safety
                purdueLevel: "1"
                securityLevelTarget: 4
            assets:
              - id: erp-1
                name: SAP ERP
                zone: ent-it
                type: erp
                ip: 10.1.0.10
                criticality: 2
              - id: jump-1
                name: Jump host
                zone: dmz
                type: server
                ip: 10.2.0.5
                criticality: 3
              - id: mes-1
                name: MES server
                zone: site-ops
                type: mes
                ip: 10.3.0.20
                criticality: 3
              - id: ews-1
                name: Engineering workstation
                zone: site-ops
                type: engineering-workstation
                ip: 10.3.0.30
                criticality: 4
                owner: controls-engineering
              - id: hmi-1
                name: Press 1 HMI
                zone: cell-1
                type: hmi
                ip: 10.10.21.10
                criticality: 3
              - id: plc-press-1
                name: Press line 1 PLC
                zone: cell-1
                type: plc
                vendor: Siemens
                model: S7-1516
                firmware: V2.9.4
                serial: S C-X4U12345
                ip: 10.10.21.11
                mac: 00:1b:1b:12:34:56
                criticality: 5
                safetyRelated: false
                owner: controls-engineering
                vulnerabilities: [CVE-2022-38465]
              - id: sis-1
                name: Press safety controller
                zone: sis
                type: safety-controller
                ip: 10.10.30.5
                criticality: 5
                safetyRelated: true
            conduits:
              - id: erp-to-dmz
                from: ent-it
                to: dmz
                protocol: https
                description: ERP publishes orders to the DMZ broker
              - id: dmz-to-mes
                from: dmz
                to: site-ops
                protocol: https
                toAssetTypes: [mes]
              - id: mes-to-cell-1
                from: site-ops
                to: cell-1
                protocol: opc-ua
                port: 4840
                operations: [read, browse, subscribe]
                direction: from-to
                fromAssetTypes: [mes]
                description: MES reads production counters
              - id: ews-to-cell-1
                from: site-ops
                to: cell-1
                protocol: s7comm
                operations: [read, write, download]
                fromAssets: [ews-1]
                toAssetTypes: [plc]
              - id: cell-1-to-sis
                from: cell-1
                to: sis
                protocol: modbus-tcp
                operations: [fc3, fc23]
                fromAssetTypes: [plc]
            flows:
              - id: mes-reads-press-1
                from: mes-1
                to: plc-press-1
                protocol: opc-ua
                port: 4840
                purpose: production counters for OEE
              - id: hmi-polls-press-1
                from: hmi-1
                to: plc-press-1
                protocol: s7comm
                purpose: operator screens
        identities:
          - id: jdoe
            name: Jane Doe
            kind: employee
            email: jane.doe@acme.example
            organization: Acme
            assignments:
              - plant: berlin
                roles: [operator]
                shift: early
          - id: vendor-tech
            name: Vendor Technician
            kind: vendor-technician
            organization: Siemens
            assignments:
              - plant: berlin
                roles: [service-engineer]
          - id: contractor-1
            name: Contract Electrician
            kind: contractor
            assignments:
              - plant: berlin
                roles: [maintenance]
        policy:
          decisionTtlSeconds: 120
          shiftGraceMinutes: 10
        roles:
          - id: operator
            description: Runs the presses from their HMI while on shift
            permissions:
              - operations: [view, operate]
                zoneKinds: [ot-supervisory, ot-control]
                conditions:
                  onShift: true
          - id: supervisor
            permissions:
              - operations: [view, operate, write]
                zoneKinds: [ot-supervisory, ot-control, safety]
                conditions:
                  onShift: true
                  mfaMaxAgeMinutes: 60
              - operations: [view]
                zoneKinds: [safety]
          - id: maintenance
            permissions:
              - operations: [view]
                zones: [cell-1, sis]
              - operations: [write, configure]
                zones: [cell-1]
                assetTypes: [plc, hmi]
                conditions:
                  mfaMaxAgeMinutes: 30
                  maintenanceWindow: true
                  minTrust: 60
          - id: service-engineer
            description: Vendor service with standing read access; changes through temporary grants
            permissions:
              - operations: [view]
                assets: [plc-press-1, sis-1]
                conditions:
                  mfaMaxAgeMinutes: 60
        """;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static FleetDocument Document() => Read(Berlin);

    public static PlantSpec Plant() => Document().Plants.Single();

    public static FleetDocument Read(string text)
    {
        var result = FleetDocumentReader.Read(text);
        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        return result.Document!;
    }

    /// <summary>The sample with one exact piece of text replaced (it must occur once).</summary>
    public static string Replace(string find, string replacement, string text = Berlin)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the sample");
        Assert.Equal(-1, text.IndexOf(find, at + 1, StringComparison.Ordinal));
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length));
    }

    /// <summary>The 1-based line on which <paramref name="find"/> first occurs.</summary>
    public static int LineOf(string text, string find)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' is not in the document");
        return text.AsSpan(0, at).Count('\n') + 1;
    }

    /// <summary>A structural fingerprint of a model: records with lists compare by reference, JSON by content.</summary>
    public static string Fingerprint(object model) => JsonSerializer.Serialize(model, model.GetType(), Json);

    public static AssetSpec Asset(string id, string zone, AssetType type = AssetType.Plc, int criticality = 3) =>
        new(AssetId.Parse(id), id, ZoneId.Parse(zone), type, null, null, null, null, null, null, criticality, false, null, []);

    public static ZoneSpec Zone(string id, ZoneKind kind, PurdueLevel level) =>
        new(ZoneId.Parse(id), id, kind, level, 2, null);

    public static ConduitSpec Conduit(
        string id,
        string from,
        string to,
        ConduitDirection direction = ConduitDirection.FromTo,
        AssetType[]? fromTypes = null,
        string[]? fromAssets = null,
        AssetType[]? toTypes = null,
        string[]? toAssets = null,
        Protocol protocol = Protocol.Https) =>
        new(
            ConduitId.Parse(id),
            ZoneId.Parse(from),
            ZoneId.Parse(to),
            protocol,
            ProtocolOperations.DefaultPort(protocol),
            [],
            direction,
            fromTypes ?? [],
            (fromAssets ?? []).Select(AssetId.Parse).ToList(),
            toTypes ?? [],
            (toAssets ?? []).Select(AssetId.Parse).ToList(),
            null);

    public static FlowSpec Flow(string id, string from, string to, Protocol protocol = Protocol.S7comm) =>
        new(FlowId.Parse(id), AssetId.Parse(from), AssetId.Parse(to), protocol, ProtocolOperations.DefaultPort(protocol), "test");

    public static PlantSpec PlantOf(
        IReadOnlyList<ZoneSpec> zones,
        IReadOnlyList<AssetSpec> assets,
        IReadOnlyList<ConduitSpec>? conduits = null,
        IReadOnlyList<FlowSpec>? flows = null,
        string id = "test") =>
        new(PlantId.Parse(id), id, "Europe/Berlin", [], zones, assets, conduits ?? [], flows ?? []);
}
