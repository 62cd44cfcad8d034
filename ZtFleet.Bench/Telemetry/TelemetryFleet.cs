using System.Globalization;
using System.Text;

namespace ZtFleet.Bench.Telemetry;

/// <summary>
/// The benchmark's plant: an operations zone (Purdue 2) with two HMIs per production cell and an engineering
/// workstation, and production cells (Purdue 1) of PLCs; a Modbus/TCP conduit from operations to every cell; one
/// engineer allowed to write to every PLC (so a PLC's trust tier is what makes the difference in <c>Check</c>).
/// </summary>
internal sealed class TelemetryFleet
{
    public const string Engineer = "eng-1";
    public const string Workstation = "ews-1";
    public const string WorkstationIp = "10.1.0.5";

    public TelemetryFleet(string plant, TelemetryOptions options)
    {
        Plant = plant;
        Options = options;
        for (var cell = 1; cell <= options.Cells; cell++)
        {
            var hmis = new[] { Hmi(cell, 1), Hmi(cell, 2) };
            Hmis.AddRange(hmis);
            for (var i = 0; i < options.PlcsPerCell; i++)
            {
                var plc = new Host(
                    string.Create(CultureInfo.InvariantCulture, $"plc-{cell:00}-{i + 1:000}"),
                    string.Create(CultureInfo.InvariantCulture, $"10.{10 + cell}.{i / 200}.{(i % 200) + 10}"),
                    string.Create(CultureInfo.InvariantCulture, $"cell-{cell:00}"));
                Plcs.Add(plc);
                PollerOf[plc.Id] = hmis[i % 2];
            }
        }
    }

    public string Plant { get; }

    public TelemetryOptions Options { get; }

    public List<Host> Plcs { get; } = [];

    public List<Host> Hmis { get; } = [];

    /// <summary>The HMI that polls each PLC (its baseline talker).</summary>
    public Dictionary<string, Host> PollerOf { get; } = new(StringComparer.Ordinal);

    public string Document()
    {
        var yaml = new StringBuilder();
        void Line(string text) => yaml.Append(text).Append('\n');
        Line("apiVersion: ztfleet/v1");
        Line("fleet:");
        Line("  name: Telemetry bench");
        Line("roles:");
        Line("  - id: cell-engineer");
        Line("    description: Changes PLC parameters in every cell");
        Line("    permissions:");
        Line("      - operations: [view, operate, write]");
        Line("        zoneKinds: [ot-control]");
        Line("identities:");
        Line($"  - id: {Engineer}");
        Line("    name: Bench Engineer");
        Line("    kind: employee");
        Line("    assignments:");
        Line($"      - plant: {Plant}");
        Line("        roles: [cell-engineer]");
        Line("plants:");
        Line($"  - id: {Plant}");
        Line("    name: Telemetry bench plant");
        Line("    timeZone: Europe/Berlin");
        Line("    zones:");
        Line("      - { id: ops, name: Operations, kind: ot-supervisory, purdueLevel: \"2\", securityLevelTarget: 2 }");
        for (var cell = 1; cell <= Options.Cells; cell++)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"      - {{ id: cell-{cell:00}, name: Cell {cell}, kind: ot-control, purdueLevel: \"1\", securityLevelTarget: 3 }}"));
        }

        Line("    assets:");
        Line($"      - {{ id: {Workstation}, name: Engineering workstation, zone: ops, type: engineering-workstation, ip: {WorkstationIp}, criticality: 4 }}");
        foreach (var hmi in Hmis)
        {
            Line($"      - {{ id: {hmi.Id}, name: HMI {hmi.Id}, zone: ops, type: hmi, ip: {hmi.Ip}, criticality: 3 }}");
        }

        foreach (var plc in Plcs)
        {
            Line($"      - {{ id: {plc.Id}, name: PLC {plc.Id}, zone: {plc.Zone}, type: plc, ip: {plc.Ip}, criticality: 4 }}");
        }

        Line("    conduits:");
        for (var cell = 1; cell <= Options.Cells; cell++)
        {
            Line(string.Create(CultureInfo.InvariantCulture, $"      - {{ id: ops-to-cell-{cell:00}, from: ops, to: cell-{cell:00}, protocol: modbus-tcp, port: 502, operations: [read, write] }}"));
        }

        return yaml.ToString();
    }

    private static Host Hmi(int cell, int n) => new(
        string.Create(CultureInfo.InvariantCulture, $"hmi-{cell:00}-{n}"),
        string.Create(CultureInfo.InvariantCulture, $"10.1.{cell}.{n}"),
        "ops");

    /// <summary>An inventoried host of the plant.</summary>
    internal sealed record Host(string Id, string Ip, string Zone);
}
