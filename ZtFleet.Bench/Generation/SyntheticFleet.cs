using System.Globalization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using static ZtFleet.Bench.Generation.ProductCatalog;

namespace ZtFleet.Bench.Generation;

/// <summary>
/// Generates large, valid fleet documents for benchmarks and scale tests: the same seed always yields the same fleet.
/// </summary>
/// <remarks>
/// Every plant has the zone model of <c>demo/fleet.yaml</c>: enterprise IT (Purdue 4), an industrial DMZ (3.5), site
/// operations (3), engineering and SCADA (2), production cells (1) and a safety zone (1). Conduits only join IT to
/// the DMZ and the DMZ to the OT side (about four per zone: MES/historian, SCADA, engineering and time per cell);
/// declared flows (about one per 20 assets) are all carried by a conduit or stay inside a cell. Ids, IPs and MACs are
/// unique per plant. Each plant draws from its own random stream, so plants are generated in parallel and a plant
/// does not change when the number of plants does.
/// </remarks>
public static class SyntheticFleet
{
    /// <summary>IT, DMZ, site operations, engineering, one cell and safety.</summary>
    public const int MinZonesPerPlant = 6;

    /// <summary>The zone index is the second octet of its addresses (10.zone.x.y).</summary>
    public const int MaxZonesPerPlant = 250;

    private const int HostsPerZone = 250 * 256;
    private const int AnchorsPerZone = 2;

    private static readonly (string City, string TimeZone)[] Sites =
    [
        ("Berlin", "Europe/Berlin"), ("Chicago", "America/Chicago"), ("Shanghai", "Asia/Shanghai"),
        ("Stuttgart", "Europe/Berlin"), ("Detroit", "America/Detroit"), ("Monterrey", "America/Monterrey"),
        ("Sao Paulo", "America/Sao_Paulo"), ("Pune", "Asia/Kolkata"), ("Nagoya", "Asia/Tokyo"),
        ("Wroclaw", "Europe/Warsaw"), ("Gyor", "Europe/Budapest"), ("Valencia", "Europe/Madrid"),
        ("Suzhou", "Asia/Shanghai"), ("Ulsan", "Asia/Seoul"), ("Puebla", "America/Mexico_City"),
        ("Lyon", "Europe/Paris"), ("Birmingham", "Europe/London"), ("Greenville", "America/New_York"),
        ("Mlada Boleslav", "Europe/Prague"), ("Chennai", "Asia/Kolkata"),
    ];

    private static readonly string[] FirstNames =
    [
        "Anna", "Jonas", "Lena", "Murat", "Piotr", "Sabine", "Tobias", "Katharina", "Marcus", "Emily", "Jose", "Tanya",
        "Kevin", "Darnell", "Rachel", "Wei", "Na", "Jing", "Yang", "Ming", "Priya", "Claire", "Thomas", "Julia",
        "Hiroshi", "Yuki", "Carlos", "Lucia", "Arjun", "Deepa", "Min-jun", "Seo-yeon", "Olga", "Jan", "Fatima", "Omar",
    ];

    private static readonly string[] LastNames =
    [
        "Becker", "Schmidt", "Yilmaz", "Nowak", "Richter", "Krueger", "Hoffmann", "Johnson", "Carter", "Hernandez",
        "Brooks", "Washington", "Kim", "Wang", "Li", "Chen", "Liu", "Xu", "Raman", "Dubois", "Meyer", "Wolf", "Tanaka",
        "Suzuki", "Garcia", "Martinez", "Gupta", "Iyer", "Park", "Lee", "Kowalski", "Novak", "Haddad", "Silva",
    ];

    private static readonly string[] EmployeeRoles =
        ["operator", "operator", "operator", "operator", "shift-supervisor", "maintenance-engineer", "maintenance-engineer", "control-engineer", "safety-engineer"];

    private enum ZoneRole
    {
        EnterpriseIt,
        Dmz,
        SiteOperations,
        Engineering,
        Cell,
        Safety,
    }

    /// <summary>Generates a fleet.</summary>
    /// <param name="plants">Number of plants (at least 1).</param>
    /// <param name="zonesPerPlant">Zones per plant, <see cref="MinZonesPerPlant"/> to <see cref="MaxZonesPerPlant"/>; all but five are cells.</param>
    /// <param name="assetsPerPlant">Assets per plant, at least two per zone.</param>
    /// <param name="identities">Number of identities (0 or more), spread over the plants; about one in ten works at two plants.</param>
    /// <param name="seed">The same seed and sizes always produce the same document.</param>
    public static FleetDocument Generate(int plants, int zonesPerPlant, int assetsPerPlant, int identities, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(plants, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(zonesPerPlant, MinZonesPerPlant);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(zonesPerPlant, MaxZonesPerPlant);
        ArgumentOutOfRangeException.ThrowIfLessThan(assetsPerPlant, AnchorsPerZone * zonesPerPlant);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(assetsPerPlant, HostsPerZone);
        ArgumentOutOfRangeException.ThrowIfNegative(identities);

        var plantSpecs = new PlantSpec[plants];
        Parallel.For(0, plants, p => plantSpecs[p] = GeneratePlant(p, zonesPerPlant, assetsPerPlant, new Random(Mix(seed, p))));

        var people = GenerateIdentities(identities, plantSpecs, new Random(Mix(seed, -1)));
        return new FleetDocument(
            string.Create(CultureInfo.InvariantCulture, $"Synthetic fleet ({plants} plants x {assetsPerPlant} assets, seed {seed})"),
            plantSpecs,
            people,
            StandardRoles.All);
    }

    private static PlantSpec GeneratePlant(int index, int zoneCount, int assetCount, Random random)
    {
        var (city, timeZone) = Sites[index % Sites.Length];
        var plantId = PlantId.Parse(Invariant($"plant-{index + 1:D3}"));
        var zones = PlanZones(zoneCount, index);
        var counts = AllocateAssets(zones, assetCount);
        var assets = new List<AssetSpec>(assetCount);
        var byZone = new List<AssetSpec>[zones.Count];
        for (var z = 0; z < zones.Count; z++)
        {
            byZone[z] = GenerateZoneAssets(zones[z], z, counts[z], random);
            assets.AddRange(byZone[z]);
        }

        var anchors = new Anchors(byZone, zones);
        var conduits = GenerateConduits(zones, anchors);
        var flows = GenerateFlows(zones, byZone, anchors, Math.Max(1, assetCount / 20));
        return new PlantSpec(
            plantId,
            Invariant($"{city} plant {index + 1:D3}"),
            timeZone,
            Shifts(weekend: index % 3 == 2),
            zones.Select(z => z.Spec).ToList(),
            assets,
            conduits,
            flows);
    }

    private static List<ZonePlan> PlanZones(int zoneCount, int plantIndex)
    {
        var zones = new List<ZonePlan>(zoneCount)
        {
            new(Zone("ent-it", "Enterprise IT", ZoneKind.EnterpriseIt, PurdueLevel.Level4, 2), ZoneRole.EnterpriseIt, "it", null),
            new(Zone("idmz", "Industrial DMZ", ZoneKind.Dmz, PurdueLevel.Level3_5, 3), ZoneRole.Dmz, "dmz", null),
            new(Zone("site-ops", "Site operations", ZoneKind.OtSupervisory, PurdueLevel.Level3, 3), ZoneRole.SiteOperations, "ops", null),
            new(Zone("engineering", "Engineering and SCADA", ZoneKind.OtSupervisory, PurdueLevel.Level2, 3), ZoneRole.Engineering, "eng", null),
        };
        var cells = zoneCount - 5;
        for (var c = 1; c <= cells; c++)
        {
            var family = (CellFamily)((c + plantIndex) % 3);
            zones.Add(new(
                Zone(Invariant($"cell-{c:D3}"), Invariant($"Cell {c:D3} ({family})"), ZoneKind.OtControl, PurdueLevel.Level1, 3),
                ZoneRole.Cell,
                Invariant($"c{c:D3}"),
                family));
        }

        zones.Add(new(Zone("safety", "Safety", ZoneKind.Safety, PurdueLevel.Level1, 4), ZoneRole.Safety, "saf", null));
        return zones;

        static ZoneSpec Zone(string id, string name, ZoneKind kind, PurdueLevel level, int securityLevel) =>
            new(ZoneId.Parse(id), name, kind, level, securityLevel, null);
    }

    /// <summary>Two anchors per zone, then a few percent for each non-cell zone and the rest shared by the cells.</summary>
    private static int[] AllocateAssets(List<ZonePlan> zones, int assetCount)
    {
        var counts = new int[zones.Count];
        var spare = assetCount - (AnchorsPerZone * zones.Count);
        var assigned = 0;
        for (var z = 0; z < zones.Count; z++)
        {
            var share = zones[z].Role switch
            {
                ZoneRole.EnterpriseIt => 3,
                ZoneRole.Dmz => 1,
                ZoneRole.SiteOperations => 3,
                ZoneRole.Engineering => 2,
                ZoneRole.Safety => 5,
                _ => 0,
            };
            counts[z] = AnchorsPerZone + (spare * share / 100);
            assigned += counts[z];
        }

        var cells = zones.Select((zone, z) => (zone, z)).Where(x => x.zone.Role == ZoneRole.Cell).Select(x => x.z).ToList();
        var rest = assetCount - assigned;
        for (var i = 0; i < cells.Count; i++)
        {
            counts[cells[i]] += rest / cells.Count + (i < rest % cells.Count ? 1 : 0);
        }

        return counts;
    }

    private static List<AssetSpec> GenerateZoneAssets(ZonePlan zone, int zoneIndex, int count, Random random)
    {
        var (products, anchors) = zone.Role switch
        {
            ZoneRole.EnterpriseIt => (EnterpriseIt, new[] { EnterpriseIt[3], EnterpriseIt[0] }),
            ZoneRole.Dmz => (Dmz, new[] { Dmz[0], Dmz[1], Dmz[2] }),
            ZoneRole.SiteOperations => (SiteOperations, new[] { SiteOperations[0], SiteOperations[1], SiteOperations[2], SiteOperations[5] }),
            ZoneRole.Engineering => (Engineering, new[] { Engineering[0], Engineering[1] }),
            ZoneRole.Safety => (Safety, new[] { Safety[0], Safety[4] }),
            _ => (Cells[zone.Family!.Value], new[] { Cells[zone.Family!.Value][0], Cells[zone.Family!.Value].First(p => p.Type == AssetType.Hmi) }),
        };
        var totalWeight = products.Sum(p => p.Weight);
        var assets = new List<AssetSpec>(count);
        var host = 0;
        for (var n = 0; n < count; n++)
        {
            var product = n < anchors.Length ? anchors[n] : Draw(products, totalWeight, random);
            string? ip = null;
            string? mac = null;
            if (product.Networked)
            {
                ip = Invariant($"10.{zoneIndex}.{host / 250}.{(host % 250) + 2}");
                mac = product.Oui is null ? null : Invariant($"{product.Oui}:{zoneIndex:X2}:{host >> 8:X2}:{host & 0xFF:X2}");
                host++;
            }

            assets.Add(new AssetSpec(
                AssetId.Parse(Invariant($"{product.IdPrefix}-{zone.Short}-{n + 1:D4}")),
                Invariant($"{product.Label} {zone.Short}-{n + 1}"),
                zone.Spec.Id,
                product.Type,
                product.Vendor,
                product.Model,
                product.Firmware,
                Invariant($"{SerialPrefix(product.Vendor)}{random.Next(10_000_000, 100_000_000)}"),
                ip,
                mac,
                product.Criticality,
                product.SafetyRelated,
                product.Owner,
                product.Vulnerabilities));
        }

        return assets;
    }

    private static List<ConduitSpec> GenerateConduits(List<ZonePlan> zones, Anchors a)
    {
        ZoneId it = zones[0].Spec.Id, dmz = zones[1].Spec.Id, ops = zones[2].Spec.Id, eng = zones[3].Spec.Id, safety = zones[^1].Spec.Id;
        var conduits = new List<ConduitSpec>
        {
            Conduit("it-to-dmz-web", it, dmz, Protocol.Https, 443, [], "IT users open the MES web client and the historian mirror", fromTypes: [AssetType.Workstation], toTypes: [AssetType.Server, AssetType.Historian]),
            Conduit("erp-to-broker", it, dmz, Protocol.Https, 443, [], "Production orders to the integration broker", fromTypes: [AssetType.Erp], toAssets: [a.Broker]),
            Conduit("it-to-jump", it, dmz, Protocol.Rdp, 3389, [], "Remote sessions land on the jump host", toAssets: [a.Jump]),
            Conduit("broker-to-mes", dmz, ops, Protocol.Https, 443, [], "Orders into the MES", fromAssets: [a.Broker], toTypes: [AssetType.Mes]),
            Conduit("jump-to-ops", dmz, ops, Protocol.Rdp, 3389, [], "Administration of OT servers", fromAssets: [a.Jump]),
            Conduit("jump-to-ews", dmz, eng, Protocol.Rdp, 3389, [], "Remote engineering through the jump host", fromAssets: [a.Jump], toTypes: [AssetType.EngineeringWorkstation]),
            Conduit("hist-to-mirror", ops, dmz, Protocol.Https, 443, [], "Historian replication to the DMZ mirror", fromTypes: [AssetType.Historian], toTypes: [AssetType.Historian]),
            Conduit("eng-patches", eng, ops, Protocol.Https, 8531, [], "Approved patches from the OT patch server", toTypes: [AssetType.Server]),
            Conduit("backup-eng", ops, eng, Protocol.Smb, 445, [], "Image backups of engineering workstations and SCADA servers", fromTypes: [AssetType.Server]),
            Conduit("ews-read-safety", eng, safety, Protocol.S7comm, 102, ["read"], "Read-only safety diagnostics from one engineering workstation", fromAssets: [a.Ews], toTypes: [AssetType.SafetyController]),
            Conduit("safety-time", safety, ops, Protocol.Ntp, 123, [], "Safety controller clocks", toAssets: [a.Ntp]),
        };

        foreach (var zone in zones.Where(z => z.Role == ZoneRole.Cell))
        {
            var cell = zone.Spec.Id;
            var family = Protocols(zone.Family!.Value);
            conduits.Add(Conduit($"mes-hist-to-{cell}", ops, cell, Protocol.OpcUa, 4840, ["read", "browse", "subscribe"], "MES and historian read production data", fromTypes: [AssetType.Mes, AssetType.Historian], toTypes: [AssetType.Plc, AssetType.IiotGateway]));
            conduits.Add(Conduit($"scada-to-{cell}", eng, cell, family.Scada.Protocol, family.Scada.Port, family.Scada.Operations, "SCADA tags and operator setpoints", fromTypes: [AssetType.ScadaServer], toTypes: [AssetType.Plc]));
            conduits.Add(Conduit($"ews-to-{cell}", eng, cell, family.Engineering.Protocol, family.Engineering.Port, family.Engineering.Operations, "Program changes from the engineering workstation only", fromAssets: [a.Ews]));
            conduits.Add(Conduit($"{cell}-time", cell, ops, Protocol.Ntp, 123, [], "Controller clocks from the plant time server", toAssets: [a.Ntp]));
        }

        return conduits;

        static ConduitSpec Conduit(
            string id,
            ZoneId from,
            ZoneId to,
            Protocol protocol,
            int port,
            IReadOnlyList<string> operations,
            string description,
            IReadOnlyList<AssetType>? fromTypes = null,
            IReadOnlyList<AssetId>? fromAssets = null,
            IReadOnlyList<AssetType>? toTypes = null,
            IReadOnlyList<AssetId>? toAssets = null) =>
            new(ConduitId.Parse(id), from, to, protocol, port, operations, ConduitDirection.FromTo, fromTypes ?? [], fromAssets ?? [], toTypes ?? [], toAssets ?? [], description);
    }

    /// <summary>
    /// The IT dependencies, then one flow per cell in turn: MES, historian, HMI, SCADA and engineering workstation to a
    /// PLC of the cell, each carried by that cell's conduits (or staying inside it).
    /// </summary>
    private static List<FlowSpec> GenerateFlows(List<ZonePlan> zones, List<AssetSpec>[] byZone, Anchors a, int target)
    {
        var flows = new List<FlowSpec>(target)
        {
            Flow("erp-orders", a.Erp, a.Broker, Protocol.Https, 443, "Production orders to the broker"),
            Flow("broker-orders", a.Broker, a.Mes, Protocol.Https, 443, "Production orders into the MES"),
            Flow("jump-ews", a.Jump, a.Ews, Protocol.Rdp, 3389, "Remote engineering"),
            Flow("ews-safety-diagnostics", a.Ews, a.SafetyController, Protocol.S7comm, 102, "Safety diagnostics"),
        };
        if (a.HistorianMirror is { } mirror)
        {
            flows.Add(Flow("hist-replication", a.Historian, mirror, Protocol.Https, 443, "Historian replication"));
        }

        var cells = zones.Select((zone, z) => (zone, z)).Where(x => x.zone.Role == ZoneRole.Cell).ToList();
        var plcs = cells.Select(c => byZone[c.z].Where(x => x.Type == AssetType.Plc).Select(x => x.Id).ToList()).ToList();
        var hmis = cells.Select(c => byZone[c.z].Where(x => x.Type == AssetType.Hmi).Select(x => x.Id).ToList()).ToList();
        for (var n = 0; flows.Count < target; n++)
        {
            var c = n % cells.Count;
            var round = n / cells.Count;
            var plc = plcs[c][round / 5 % plcs[c].Count];
            var family = Protocols(cells[c].zone.Family!.Value);
            var id = Invariant($"{n:D5}");
            flows.Add((round % 5) switch
            {
                0 => Flow($"mes-{id}", a.Mes, plc, Protocol.OpcUa, 4840, "Order progress and counters"),
                1 => Flow($"hist-{id}", a.Collector, plc, Protocol.OpcUa, 4840, "Process values into the historian"),
                2 => Flow($"hmi-{id}", hmis[c][round / 5 % hmis[c].Count], plc, family.Hmi.Protocol, family.Hmi.Port, "Operator control"),
                3 => Flow($"scada-{id}", a.Scada, plc, family.Scada.Protocol, family.Scada.Port, "SCADA tags and alarms"),
                _ => Flow($"ews-{id}", a.Ews, plc, family.Engineering.Protocol, family.Engineering.Port, "Program maintenance"),
            });
        }

        return flows;

        static FlowSpec Flow(string id, AssetId from, AssetId to, Protocol protocol, int port, string purpose) =>
            new(FlowId.Parse(id), from, to, protocol, port, purpose);
    }

    private static List<IdentitySpec> GenerateIdentities(int count, PlantSpec[] plants, Random random)
    {
        var identities = new List<IdentitySpec>(count);
        for (var n = 0; n < count; n++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var (kind, organization) = (n % 20) switch
            {
                0 => (IdentityKind.Contractor, "Contract Automation Services"),
                1 => (IdentityKind.VendorTechnician, random.Next(3) switch { 0 => "Siemens AG", 1 => "Rockwell Automation", _ => "Schneider Electric" }),
                2 => (IdentityKind.ServiceAccount, "Acme Manufacturing"),
                _ => (IdentityKind.Employee, "Acme Manufacturing"),
            };
            var home = plants[n % plants.Length];
            var assignments = new List<PlantAssignment> { Assign(home, kind, random) };
            if (plants.Length > 1 && random.Next(10) == 0)
            {
                var other = plants[(n + 1 + random.Next(plants.Length - 1)) % plants.Length];
                assignments.Add(Assign(other, kind, random));
            }

            var id = IdentityId.Parse(Invariant($"{(kind == IdentityKind.ServiceAccount ? "svc" : "u")}{n + 1:D6}"));
            identities.Add(kind == IdentityKind.ServiceAccount
                ? new IdentitySpec(id, Invariant($"Service account {n + 1}"), kind, null, organization, assignments)
                : new IdentitySpec(
                    id,
                    $"{first} {last}",
                    kind,
                    Invariant($"{first.ToLowerInvariant()}.{last.ToLowerInvariant()}.{n + 1}@acme.example"),
                    organization,
                    assignments));
        }

        return identities;
    }

    private static PlantAssignment Assign(PlantSpec plant, IdentityKind kind, Random random)
    {
        var role = kind switch
        {
            IdentityKind.Contractor => "maintenance-technician",
            IdentityKind.VendorTechnician => "vendor-support",
            IdentityKind.ServiceAccount => random.Next(2) == 0 ? "mes-reader" : "historian-collector",
            _ => EmployeeRoles[random.Next(EmployeeRoles.Length)],
        };
        var shiftBound = role is "operator" or "shift-supervisor" or "maintenance-engineer" or "maintenance-technician";
        return new PlantAssignment(plant.Id, [role], shiftBound ? plant.Shifts[random.Next(plant.Shifts.Count)].Id : null);
    }

    private static List<ShiftSpec> Shifts(bool weekend)
    {
        DayOfWeek[] weekdays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
        var shifts = new List<ShiftSpec>
        {
            new("early", "Early shift", new TimeOnly(6, 0), new TimeOnly(14, 0), weekdays),
            new("late", "Late shift", new TimeOnly(14, 0), new TimeOnly(22, 0), weekdays),
            new("night", "Night shift", new TimeOnly(22, 0), new TimeOnly(6, 0), [DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday]),
        };
        if (weekend)
        {
            shifts.Add(new("weekend-day", "Weekend day shift", new TimeOnly(6, 0), new TimeOnly(18, 0), [DayOfWeek.Saturday, DayOfWeek.Sunday]));
            shifts.Add(new("weekend-night", "Weekend night shift", new TimeOnly(18, 0), new TimeOnly(6, 0), [DayOfWeek.Saturday, DayOfWeek.Sunday]));
        }

        return shifts;
    }

    private static (ProtocolUse Engineering, ProtocolUse Scada, ProtocolUse Hmi) Protocols(CellFamily family) =>
        family switch
        {
            CellFamily.Siemens => (
                new(Protocol.S7comm, 102, ["read", "write", "download"]),
                new(Protocol.OpcUa, 4840, ["read", "browse", "subscribe", "write"]),
                new(Protocol.S7comm, 102, [])),
            CellFamily.Rockwell => (
                new(Protocol.EtherNetIp, 44818, ["get-attribute", "set-attribute", "program-download"]),
                new(Protocol.EtherNetIp, 44818, ["get-attribute", "set-attribute"]),
                new(Protocol.EtherNetIp, 44818, [])),
            _ => (
                new(Protocol.ModbusTcp, 502, ["read", "write", "fc90"]),
                new(Protocol.ModbusTcp, 502, ["read", "fc6", "fc16"]),
                new(Protocol.ModbusTcp, 502, [])),
        };

    private static Product Draw(IReadOnlyList<Product> products, int totalWeight, Random random)
    {
        var pick = random.Next(totalWeight);
        foreach (var product in products)
        {
            pick -= product.Weight;
            if (pick < 0)
            {
                return product;
            }
        }

        return products[^1];
    }

    private static string SerialPrefix(string vendor) =>
        vendor switch
        {
            "Siemens" => "S C-",
            "Cisco" => "FOC",
            "Fortinet" => "FG",
            "Moxa" => "TBBHB",
            _ => string.Empty,
        };

    /// <summary>A stable per-plant seed (HashCode.Combine is randomized per process).</summary>
    private static int Mix(int seed, int stream) => unchecked((seed * 1_000_003) ^ (stream * 7_919) ^ 0x2545F491);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record ZonePlan(ZoneSpec Spec, ZoneRole Role, string Short, CellFamily? Family);

    private sealed record ProtocolUse(Protocol Protocol, int Port, IReadOnlyList<string> Operations);

    /// <summary>The assets every plant has at fixed places (the first ones generated in their zones).</summary>
    private sealed class Anchors(List<AssetSpec>[] byZone, List<ZonePlan> zones)
    {
        public AssetId Erp { get; } = byZone[0][0].Id;

        public AssetId Jump { get; } = byZone[1][0].Id;

        public AssetId Broker { get; } = byZone[1][1].Id;

        /// <summary>The DMZ historian mirror, when the DMZ has room for it.</summary>
        public AssetId? HistorianMirror { get; } = byZone[1].Count > 2 ? byZone[1][2].Id : null;

        public AssetId Mes { get; } = byZone[2][0].Id;

        public AssetId Historian { get; } = byZone[2][1].Id;

        public AssetId Collector { get; } = byZone[2].Count > 2 ? byZone[2][2].Id : byZone[2][1].Id;

        public AssetId Ntp { get; } = byZone[2].Count > 3 ? byZone[2][3].Id : byZone[2][1].Id;

        public AssetId Ews { get; } = byZone[3][0].Id;

        public AssetId Scada { get; } = byZone[3][1].Id;

        public AssetId SafetyController { get; } = byZone[zones.Count - 1][0].Id;
    }
}
