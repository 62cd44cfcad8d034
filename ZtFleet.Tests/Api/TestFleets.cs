namespace ZtFleet.Tests.Api;

/// <summary>Small fleet documents whose every fact the API tests can assert on.</summary>
internal static class TestFleets
{
    /// <summary>Two plants: Berlin (IT, DMZ, site ops, one cell, safety) and Austin (IT, DMZ, one cell).</summary>
    public const string TwoPlants = """
        apiVersion: ztfleet/v1
        fleet:
          name: Test Fleet
        roles:
          - id: operator
            description: Runs the press cell from its HMI while on shift
            permissions:
              - operations: [view, operate]
                zoneKinds: [ot-supervisory, ot-control]
                conditions:
                  onShift: true
              - operations: [write]
                assetTypes: [hmi]
                conditions:
                  onShift: true
                  mfaMaxAgeMinutes: 30
          - id: remote-maintenance
            description: Vendor remote maintenance; standing read access, changes through temporary grants
            permissions:
              - operations: [view]
                zoneKinds: [ot-supervisory, ot-control]
                conditions:
                  mfaMaxAgeMinutes: 60
                  minTrust: 50
        plants:
          - id: berlin
            name: Berlin Stamping
            timeZone: Europe/Berlin
            shifts:
              - id: night
                name: Night
                start: "22:00"
                end: "06:00"
                days: [mon, tue, wed, thu, fri]
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
                securityLevelTarget: 2
              - id: site-ops
                name: Site operations
                kind: ot-supervisory
                purdueLevel: "3"
                securityLevelTarget: 2
              - id: cell-1
                name: Press cell 1
                kind: ot-control
                purdueLevel: "1"
                securityLevelTarget: 3
              - id: safety
                name: Safety
                kind: safety
                purdueLevel: "1"
                securityLevelTarget: 4
            assets:
              - id: erp-1
                name: SAP ERP
                zone: ent-it
                type: erp
                ip: 10.0.0.10
                criticality: 2
              - id: jump-1
                name: Jump host
                zone: dmz
                type: server
                ip: 10.0.35.10
                criticality: 3
              - id: mes-1
                name: MES server
                zone: site-ops
                type: mes
                vendor: Siemens
                model: Opcenter
                ip: 10.0.30.10
                criticality: 3
              - id: ews-1
                name: Engineering workstation
                zone: site-ops
                type: engineering-workstation
                ip: 10.0.30.20
                criticality: 4
              - id: plc-1
                name: Press PLC
                zone: cell-1
                type: plc
                vendor: Siemens
                model: S7-1516
                firmware: V2.9.4
                ip: 10.0.21.11
                mac: 00:1b:1b:12:34:56
                criticality: 5
                vulnerabilities: [CVE-2022-38465]
              - id: hmi-1
                name: Press HMI
                zone: cell-1
                type: hmi
                ip: 10.0.21.20
                criticality: 3
              - id: sis-1
                name: Press safety controller
                zone: safety
                type: safety-controller
                vendor: Pilz
                model: PNOZmulti 2
                ip: 10.0.11.10
                criticality: 5
                safetyRelated: true
            conduits:
              - id: it-to-dmz
                from: ent-it
                to: dmz
                protocol: https
                port: 443
              - id: dmz-to-ops
                from: dmz
                to: site-ops
                protocol: rdp
                port: 3389
              - id: mes-to-cell-1
                from: site-ops
                to: cell-1
                protocol: opc-ua
                port: 4840
                operations: [read, browse, subscribe]
                fromAssetTypes: [mes]
              - id: ews-to-cell-1
                from: site-ops
                to: cell-1
                protocol: s7comm
                port: 102
                operations: [read, write, download]
                fromAssets: [ews-1]
              - id: ews-to-safety
                from: site-ops
                to: safety
                protocol: s7comm
                port: 102
                operations: [read]
                fromAssets: [ews-1]
            flows:
              - id: mes-reads-plc-1
                from: mes-1
                to: plc-1
                protocol: opc-ua
                port: 4840
                purpose: production counters
              - id: hmi-drives-plc-1
                from: hmi-1
                to: plc-1
                protocol: modbus-tcp
                port: 502
                purpose: operator control
          - id: austin
            name: Austin Assembly
            timeZone: America/Chicago
            zones:
              - id: ent-it
                name: Enterprise IT
                kind: enterprise-it
                purdueLevel: "4"
                securityLevelTarget: 1
              - id: cell-a
                name: Assembly cell A
                kind: ot-control
                purdueLevel: "2"
                securityLevelTarget: 2
            assets:
              - id: plc-a1
                name: Assembly PLC
                zone: cell-a
                type: plc
                vendor: Rockwell
                model: ControlLogix 5580
                ip: 10.1.21.11
                criticality: 4
        identities:
          - id: jdoe
            name: Jane Doe
            kind: employee
            assignments:
              - plant: berlin
                roles: [operator]
                shift: night
          - id: vendor-tech
            name: Max Vendor
            kind: vendor-technician
            organization: Siemens
            assignments:
              - plant: berlin
                roles: [remote-maintenance]
              - plant: austin
                roles: [remote-maintenance]
        """;

    /// <summary><see cref="TwoPlants"/> with a third plant, Lyon (one zone, no assets), before Austin.</summary>
    public static readonly string TwoPlantsAndLyon = TwoPlants.Replace("  - id: austin", """
          - id: lyon
            name: Lyon Paint
            timeZone: Europe/Paris
            zones:
              - id: paint
                name: Paint shop
                kind: ot-control
                purdueLevel: "1"
                securityLevelTarget: 2
            assets: []
          - id: austin
        """, StringComparison.Ordinal);
}
