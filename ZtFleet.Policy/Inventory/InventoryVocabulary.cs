using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The kebab-case spellings the fleet document uses for the inventory enumerations, in one place so the reader, the
/// writer, the CSV import and violation messages agree. Supported: <see cref="AssetType"/>, <see cref="ZoneKind"/>,
/// <see cref="Protocol"/>, <see cref="ConduitDirection"/>, <see cref="IdentityKind"/>, <see cref="PurdueLevel"/>
/// (<c>"0"</c> … <c>"5"</c>, <c>"3.5"</c>), <see cref="DayOfWeek"/> (<c>mon</c> … <c>sun</c>) and the access
/// <see cref="Operation"/> (<c>view</c> … <c>remote-session</c>); for the <c>response:</c> section the
/// <see cref="PlaybookStepKind"/>, <see cref="PlaybookMode"/> and <see cref="IncidentRule"/> spellings, and the detection
/// <see cref="DetectionType"/> and <see cref="Severity"/> names exactly as <see cref="DetectionSpelling"/> writes them
/// (<c>function-code-outside-baseline</c>, <c>high</c>).
/// </summary>
public static class InventoryVocabulary
{
    private static readonly Dictionary<Type, Table> Tables = new()
    {
        [typeof(AssetType)] = Table.Of(
            (AssetType.Plc, "plc"),
            (AssetType.SafetyController, "safety-controller"),
            (AssetType.Hmi, "hmi"),
            (AssetType.ScadaServer, "scada-server"),
            (AssetType.EngineeringWorkstation, "engineering-workstation"),
            (AssetType.Historian, "historian"),
            (AssetType.Mes, "mes"),
            (AssetType.Erp, "erp"),
            (AssetType.Sensor, "sensor"),
            (AssetType.Actuator, "actuator"),
            (AssetType.IiotGateway, "iiot-gateway"),
            (AssetType.NetworkDevice, "network-device"),
            (AssetType.Server, "server"),
            (AssetType.Workstation, "workstation"),
            (AssetType.Rtu, "rtu"),
            (AssetType.Drive, "drive"),
            (AssetType.RobotController, "robot-controller"),
            (AssetType.Ied, "ied"),
            (AssetType.Firewall, "firewall"),
            (AssetType.Router, "router"),
            (AssetType.Switch, "switch"),
            (AssetType.Camera, "camera"),
            (AssetType.Ups, "ups"),
            (AssetType.WirelessAccessPoint, "wireless-access-point"),
            (AssetType.Cnc, "cnc"),
            (AssetType.Printer, "printer")),
        [typeof(ZoneKind)] = Table.Of(
            (ZoneKind.EnterpriseIt, "enterprise-it"),
            (ZoneKind.Dmz, "dmz"),
            (ZoneKind.OtSupervisory, "ot-supervisory"),
            (ZoneKind.OtControl, "ot-control"),
            (ZoneKind.Safety, "safety")),
        [typeof(Protocol)] = Table.Of(
            (Protocol.ModbusTcp, "modbus-tcp"),
            (Protocol.S7comm, "s7comm"),
            (Protocol.EtherNetIp, "ethernet-ip"),
            (Protocol.OpcUa, "opc-ua"),
            (Protocol.Dnp3, "dnp3"),
            (Protocol.Iec104, "iec-104"),
            (Protocol.BacnetIp, "bacnet-ip"),
            (Protocol.Mqtt, "mqtt"),
            (Protocol.Ssh, "ssh"),
            (Protocol.Rdp, "rdp"),
            (Protocol.Smb, "smb"),
            (Protocol.Https, "https"),
            (Protocol.Http, "http"),
            (Protocol.Dns, "dns"),
            (Protocol.Ntp, "ntp"),
            (Protocol.Syslog, "syslog"),
            (Protocol.Sql, "sql")),
        [typeof(ConduitDirection)] = Table.Of(
            (ConduitDirection.FromTo, "from-to"),
            (ConduitDirection.Bidirectional, "bidirectional")),
        [typeof(ZoneFailMode)] = Table.Of(
            (ZoneFailMode.Closed, "closed"),
            (ZoneFailMode.Static, "static")),
        [typeof(IdentityKind)] = Table.Of(
            (IdentityKind.Employee, "employee"),
            (IdentityKind.Contractor, "contractor"),
            (IdentityKind.VendorTechnician, "vendor-technician"),
            (IdentityKind.ServiceAccount, "service-account")),
        [typeof(PurdueLevel)] = Table.Of(
            (PurdueLevel.Level0, "0"),
            (PurdueLevel.Level1, "1"),
            (PurdueLevel.Level2, "2"),
            (PurdueLevel.Level3, "3"),
            (PurdueLevel.Level3_5, "3.5"),
            (PurdueLevel.Level4, "4"),
            (PurdueLevel.Level5, "5")),
        [typeof(DayOfWeek)] = Table.Of(
            (DayOfWeek.Monday, "mon"),
            (DayOfWeek.Tuesday, "tue"),
            (DayOfWeek.Wednesday, "wed"),
            (DayOfWeek.Thursday, "thu"),
            (DayOfWeek.Friday, "fri"),
            (DayOfWeek.Saturday, "sat"),
            (DayOfWeek.Sunday, "sun")),
        [typeof(Operation)] = Table.Of(
            (Operation.View, "view"),
            (Operation.Operate, "operate"),
            (Operation.Write, "write"),
            (Operation.Program, "program"),
            (Operation.Configure, "configure"),
            (Operation.RemoteSession, "remote-session")),
        [typeof(PlaybookStepKind)] = Table.Of(
            (PlaybookStepKind.Alert, "alert"),
            (PlaybookStepKind.StepUpMfa, "step-up-mfa"),
            (PlaybookStepKind.RevokeGrants, "revoke-grants"),
            (PlaybookStepKind.Lock, "lock"),
            (PlaybookStepKind.RestrictWrites, "restrict-writes"),
            (PlaybookStepKind.Isolate, "isolate"),
            (PlaybookStepKind.Webhook, "webhook")),
        [typeof(PlaybookMode)] = Table.Of(
            (PlaybookMode.Recommend, "recommend"),
            (PlaybookMode.Auto, "auto")),
        [typeof(IncidentRule)] = Table.Of(
            (IncidentRule.Opened, "opened"),
            (IncidentRule.CrossPlant, "cross-plant"),
            (IncidentRule.TowardSafety, "toward-safety"),
            (IncidentRule.ConduitChain, "conduit-chain")),
        [typeof(DetectionType)] = DetectionTable<DetectionType>(),
        [typeof(Severity)] = DetectionTable<Severity>(),
    };

    /// <summary>The document spelling of <paramref name="value"/>; throws for <c>Unspecified</c> or undefined values.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        TryName(value, out var name)
            ? name
            : throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeof(TEnum).Name} has no document spelling");

    /// <summary>The document spelling of <paramref name="value"/>, false for <c>Unspecified</c> or undefined values.</summary>
    public static bool TryName<TEnum>(TEnum value, out string name)
        where TEnum : struct, Enum
    {
        if (TableOf<TEnum>().Names.TryGetValue(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture), out var found))
        {
            name = found;
            return true;
        }

        name = string.Empty;
        return false;
    }

    /// <summary>
    /// Parses the exact document spelling (case-sensitive: the document is kebab-case). Purdue levels also accept
    /// the number written any way that equals an allowed level (<c>3.5</c>, <c>4.0</c>).
    /// </summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (text is null)
        {
            return false;
        }

        var table = TableOf<TEnum>();
        if (table.Values.TryGetValue(text, out var number))
        {
            value = (TEnum)Enum.ToObject(typeof(TEnum), number);
            return true;
        }

        if (typeof(TEnum) == typeof(PurdueLevel)
            && decimal.TryParse(text, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var level)
            && table.Values.TryGetValue(level.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), out number))
        {
            value = (TEnum)Enum.ToObject(typeof(TEnum), number);
            return true;
        }

        return false;
    }

    /// <summary>Every allowed spelling, in declaration order.</summary>
    public static IReadOnlyList<string> Names<TEnum>()
        where TEnum : struct, Enum => TableOf<TEnum>().Ordered;

    /// <summary>The allowed spellings as a sentence fragment for violation messages: <c>plc, hmi, …</c>.</summary>
    public static string Allowed<TEnum>()
        where TEnum : struct, Enum => string.Join(", ", TableOf<TEnum>().Ordered);

    /// <summary>A table of the detection names (<see cref="DetectionSpelling"/>), so the document and the API agree.</summary>
    private static Table DetectionTable<TEnum>()
        where TEnum : struct, Enum =>
        Table.Of(Enum.GetValues<TEnum>()
            .Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0)
            .Select(v => (v, DetectionSpelling.Of(v)))
            .ToArray());

    private static Table TableOf<TEnum>()
        where TEnum : struct, Enum =>
        Tables.TryGetValue(typeof(TEnum), out var table)
            ? table
            : throw new NotSupportedException($"{typeof(TEnum).Name} is not an inventory vocabulary");

    private sealed class Table
    {
        private Table(IReadOnlyList<(int Value, string Name)> entries)
        {
            Ordered = entries.Select(e => e.Name).ToArray();
            Names = entries.ToDictionary(e => e.Value, e => e.Name);
            Values = entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        }

        public IReadOnlyList<string> Ordered { get; }

        public Dictionary<int, string> Names { get; }

        public Dictionary<string, int> Values { get; }

        public static Table Of<TEnum>(params (TEnum Value, string Name)[] entries)
            where TEnum : struct, Enum =>
            new(entries.Select(e => (Convert.ToInt32(e.Value, System.Globalization.CultureInfo.InvariantCulture), e.Name)).ToArray());
    }
}
