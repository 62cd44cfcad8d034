using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Api;
using static ZtFleet.Policy.Monitoring.Telemetry.TelemetryRefusalReasons;

namespace ZtFleet.Tests.Policy.Monitoring.Telemetry;

/// <summary>
/// Reported events become the normalised model against Berlin of <see cref="TestFleets.TwoPlants"/>: addresses
/// resolved to assets (or kept as uninventoried hosts), protocols and operations in the document's spelling, and every
/// refusal reason with the field it names.
/// </summary>
public sealed class TelemetryNormalizerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    private static readonly PlantSnapshot Berlin = PlantSnapshot.FromDocument(
        FleetDocumentReader.Read(TestFleets.TwoPlants).Document!, PlantId.Parse("berlin"), 1);

    private static TelemetryNormalizer Normalizer(ulong sequence = 7) => new(Berlin, TelemetryWindow.Default, Now, "gw-1", sequence);

    private static RawFlow Flow(string source = "10.0.30.10", string destination = "10.0.21.11") =>
        new(new RawEndpoint(source, 50123), new RawEndpoint(destination, 4840), "tcp", "opc-ua", 1200, 10, null, FlowAction.Allowed, "flow:mes-reads-plc-1");

    private static RawOtTransaction Modbus(int functionCode = 3, string source = "10.0.21.20", string destination = "10.0.21.11") =>
        new(new RawEndpoint(source, 40000), new RawEndpoint(destination, 502), "modbus-tcp", null, functionCode, 1, 100, 10, null, OtOutcome.Forwarded, null, null);

    [Fact]
    public void Addresses_resolve_to_assets_and_an_address_no_asset_has_is_an_uninventoried_host()
    {
        var normalizer = Normalizer();
        normalizer.AddFlow(Now, Flow());
        normalizer.AddFlow(Now, Flow(source: "10.9.9.9"));
        var batch = normalizer.Build();

        Assert.Equal(0, batch.Refused);
        var known = Assert.IsType<FlowEvent>(batch.Events[0]);
        Assert.Equal(new ObservedHost("10.0.30.10", 50123, AssetId.Parse("mes-1"), ZoneId.Parse("site-ops")), known.Source);
        Assert.Equal(AssetId.Parse("plc-1"), known.Destination.Asset);
        Assert.Equal("opc-ua", known.Protocol);
        Assert.False(TelemetryRouting.HasUninventoriedHost(known));

        var unknown = Assert.IsType<FlowEvent>(batch.Events[1]);
        Assert.True(unknown.Source.Uninventoried);
        Assert.Null(unknown.Source.Zone);
        Assert.Equal(1, batch.Uninventoried);
    }

    [Fact]
    public void Addresses_are_kept_in_canonical_form()
    {
        var normalizer = Normalizer();
        normalizer.AddFlow(Now, Flow(source: "2001:DB8:0:0::1", destination: " 10.0.21.11"));
        var flow = Assert.IsType<FlowEvent>(Assert.Single(normalizer.Build().Events));

        Assert.Equal("2001:db8::1", flow.Source.Ip);
        Assert.Equal("10.0.21.11", flow.Destination.Ip);
        Assert.Equal(AssetId.Parse("plc-1"), flow.Destination.Asset);
    }

    [Fact]
    public void Modbus_operations_are_named_by_function_code_in_the_documents_spelling()
    {
        var normalizer = Normalizer();
        normalizer.AddOtTransaction(Now, Modbus(16));
        normalizer.AddOtTransaction(Now, Modbus(0) with { Operation = "fc6", Protocol = "Modbus" });
        normalizer.AddOtTransaction(Now, Modbus(3) with { Protocol = null });
        normalizer.AddOtTransaction(Now, Modbus(0) with { Protocol = "s7", Operation = "download", Unit = null });
        var events = normalizer.Build().Events.Cast<OtTransactionEvent>().ToList();

        Assert.Equal(["fc16", "fc6", "fc3", "download"], events.Select(e => e.Operation));
        Assert.Equal(["modbus-tcp", "modbus-tcp", "modbus-tcp", "s7comm"], events.Select(e => e.Protocol));
        Assert.Equal([16, 6, 3, null], events.Select(e => e.FunctionCode));
        Assert.Equal(AssetId.Parse("hmi-1"), events[0].Source.Asset);
    }

    [Fact]
    public void Event_ids_are_sender_sequence_and_place_in_the_batch_refused_ones_included()
    {
        var normalizer = Normalizer(sequence: 42);
        normalizer.AddFlow(Now, Flow());
        normalizer.Refuse("kind", UnknownKind, "none");
        normalizer.AddFlow(Now, Flow());
        var batch = normalizer.Build();

        Assert.Equal(["gw-1:42:0", "gw-1:42:2"], batch.Events.Select(e => e.Id));
        Assert.All(batch.Events, e => Assert.Equal(("gw-1", PlantId.Parse("berlin"), Now), (e.Sender, e.Plant, e.At)));
        Assert.Equal(new TelemetryRefusal(1, "kind", UnknownKind, "none"), Assert.Single(batch.Refusals));
    }

    public static readonly TheoryData<string, string, string> Refusals = new()
    {
        { "malformed source address", InvalidAddress, "flow.source.ip" },
        { "missing destination", MissingField, "flow.destination.ip" },
        { "port out of range", InvalidValue, "flow.source.port" },
        { "unknown transport", InvalidValue, "flow.transport" },
        { "no action", MissingField, "flow.action" },
        { "end before start", InvalidValue, "flow.end" },
        { "too old", ClockSkew, "at" },
        { "too far ahead", ClockSkew, "at" },
        { "no time", MissingField, "at" },
        { "modbus without function code", MissingField, "ot_transaction.function_code" },
        { "function code 200", InvalidValue, "ot_transaction.function_code" },
        { "operation outside the vocabulary", InvalidValue, "ot_transaction.operation" },
        { "not an OT protocol", InvalidValue, "ot_transaction.protocol" },
        { "unit 300", InvalidValue, "ot_transaction.unit" },
        { "no outcome", MissingField, "ot_transaction.outcome" },
        { "identity not of the plant", UnknownIdentity, "ot_transaction.identity_id" },
        { "access to an unknown asset", UnknownAsset, "access_decision.asset_id" },
        { "access to an unknown zone", UnknownZone, "access_decision.zone_id" },
        { "access by an unknown identity", UnknownIdentity, "access_decision.identity_id" },
        { "access with asset and zone", InvalidValue, "access_decision.asset_id" },
        { "access without operation", MissingField, "access_decision.operation" },
        { "authentication without user", MissingField, "authentication.user" },
        { "change of an unknown asset", UnknownAsset, "asset_change.asset_id" },
        { "change naming nothing", MissingField, "asset_change.asset_id" },
        { "change without kind", MissingField, "asset_change.change" },
        { "change at a malformed address", InvalidAddress, "asset_change.ip" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_names_its_reason_and_field_and_the_batch_goes_on(string @case, string reason, string field)
    {
        var normalizer = Normalizer();
        Add(normalizer, @case);
        normalizer.AddFlow(Now, Flow());
        var batch = normalizer.Build();

        var refusal = Assert.Single(batch.Refusals);
        Assert.Equal((0, field, reason), (refusal.Index, refusal.Field, refusal.Reason));
        Assert.False(string.IsNullOrWhiteSpace(refusal.Description));
        Assert.Equal(1, batch.RefusedByReason[reason]);
        Assert.Equal("gw-1:7:1", Assert.Single(batch.Events).Id);
    }

    [Fact]
    public void An_authentication_by_a_user_who_is_no_identity_is_kept_without_one()
    {
        var normalizer = Normalizer();
        normalizer.AddAuthentication(Now, new RawAuthentication("jdoe", "TOTP", false, new RawEndpoint("10.0.35.10", 0), default, "wrong code"));
        normalizer.AddAuthentication(Now, new RawAuthentication("administrator", "ntlm", false, new RawEndpoint("10.66.0.1", 0), default, null));
        var events = normalizer.Build().Events.Cast<AuthenticationEvent>().ToList();

        Assert.Equal(IdentityId.Parse("jdoe"), events[0].Identity);
        Assert.Equal("totp", events[0].Method);
        Assert.Null(events[1].Identity);
        Assert.Equal(("administrator", "other"), (events[1].User, events[1].Method));
        Assert.True(TelemetryRouting.HasUninventoriedHost(events[1]));
    }

    [Fact]
    public void An_asset_change_at_an_address_no_asset_has_is_kept_as_uninventoried()
    {
        var normalizer = Normalizer();
        normalizer.AddAssetChange(Now, new RawAssetChange(null, "10.0.21.11", AssetChangeKind.Program, null, null, new RawEndpoint("10.0.30.20", 0), null));
        normalizer.AddAssetChange(Now, new RawAssetChange(null, "10.0.21.99", AssetChangeKind.NewIp, null, "10.0.21.99", default, null));
        var batch = normalizer.Build();
        var events = batch.Events.Cast<AssetChangeEvent>().ToList();

        Assert.Equal((AssetId.Parse("plc-1"), ZoneId.Parse("cell-1")), (events[0].Asset!.Value, events[0].Zone!.Value));
        Assert.Equal(AssetId.Parse("ews-1"), events[0].By!.Asset);
        Assert.Null(events[1].Asset);
        Assert.Equal("10.0.21.99", events[1].Ip);
        Assert.Equal(1, batch.Uninventoried);
    }

    [Fact]
    public void Access_decisions_resolve_the_target_zone()
    {
        var normalizer = Normalizer();
        normalizer.AddAccessDecision(Now, new RawAccessDecision("vendor-tech", "plc-1", null, Operation.Write, false, "outside-shift", false, default));
        var decision = Assert.IsType<AccessDecisionEvent>(Assert.Single(normalizer.Build().Events));

        Assert.Equal(ZoneId.Parse("cell-1"), decision.Zone);
        Assert.True(TelemetryRouting.IsPlantLevel(decision));
        Assert.Null(TelemetryRouting.AssetOf(decision));
    }

    [Fact]
    public void Only_the_first_twenty_refusals_are_listed_but_every_one_is_counted()
    {
        var normalizer = Normalizer();
        for (var i = 0; i < 25; i++)
        {
            normalizer.AddFlow(Now, Flow(source: "not-an-address"));
        }

        var batch = normalizer.Build();
        Assert.Equal(25, batch.Refused);
        Assert.Equal(TelemetryLimits.MaxRefusalsListed, batch.Refusals.Count);
        Assert.Equal(25, batch.RefusedByReason[InvalidAddress]);
    }

    [Fact]
    public void The_address_index_is_built_once_per_plant_definition()
    {
        Assert.Same(TelemetryIndex.Of(Berlin.Definition), TelemetryIndex.Of(Berlin.Definition));
    }

    [Fact]
    public void The_window_reaches_a_day_back_and_five_minutes_ahead()
    {
        var window = TelemetryWindow.Default;
        Assert.True(window.Contains(Now - TimeSpan.FromHours(24), Now));
        Assert.False(window.Contains(Now - TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1), Now));
        Assert.True(window.Contains(Now + TimeSpan.FromMinutes(5), Now));
        Assert.False(window.Contains(Now + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1), Now));
    }

    private static void Add(TelemetryNormalizer normalizer, string @case)
    {
        var access = new RawAccessDecision("vendor-tech", "plc-1", null, Operation.View, true, "allowed-by-role", false, default);
        var change = new RawAssetChange("plc-1", null, AssetChangeKind.Firmware, "V2.9.4", "V3.0", default, null);
        switch (@case)
        {
            case "malformed source address": normalizer.AddFlow(Now, Flow(source: "10.0.300.1")); break;
            case "missing destination": normalizer.AddFlow(Now, Flow() with { Destination = default }); break;
            case "port out of range": normalizer.AddFlow(Now, Flow() with { Source = new RawEndpoint("10.0.30.10", 70000) }); break;
            case "unknown transport": normalizer.AddFlow(Now, Flow() with { Transport = "sctp" }); break;
            case "no action": normalizer.AddFlow(Now, Flow() with { Action = FlowAction.Unspecified }); break;
            case "end before start": normalizer.AddFlow(Now, Flow() with { End = Now - TimeSpan.FromSeconds(1) }); break;
            case "too old": normalizer.AddFlow(Now - TimeSpan.FromDays(2), Flow()); break;
            case "too far ahead": normalizer.AddFlow(Now + TimeSpan.FromHours(1), Flow()); break;
            case "no time": normalizer.AddFlow(null, Flow()); break;
            case "modbus without function code": normalizer.AddOtTransaction(Now, Modbus(0)); break;
            case "function code 200": normalizer.AddOtTransaction(Now, Modbus(200)); break;
            case "operation outside the vocabulary": normalizer.AddOtTransaction(Now, Modbus(0) with { Protocol = "s7comm", Operation = "format-disk" }); break;
            case "not an OT protocol": normalizer.AddOtTransaction(Now, Modbus(3) with { Protocol = "https" }); break;
            case "unit 300": normalizer.AddOtTransaction(Now, Modbus(3) with { Unit = 300 }); break;
            case "no outcome": normalizer.AddOtTransaction(Now, Modbus(3) with { Outcome = OtOutcome.Unspecified }); break;
            case "identity not of the plant": normalizer.AddOtTransaction(Now, Modbus(3) with { IdentityId = "nobody" }); break;
            case "access to an unknown asset": normalizer.AddAccessDecision(Now, access with { AssetId = "plc-99" }); break;
            case "access to an unknown zone": normalizer.AddAccessDecision(Now, access with { AssetId = null, ZoneId = "cell-9" }); break;
            case "access by an unknown identity": normalizer.AddAccessDecision(Now, access with { IdentityId = "mallory" }); break;
            case "access with asset and zone": normalizer.AddAccessDecision(Now, access with { ZoneId = "cell-1" }); break;
            case "access without operation": normalizer.AddAccessDecision(Now, access with { Operation = Operation.Unspecified }); break;
            case "authentication without user": normalizer.AddAuthentication(Now, new RawAuthentication("", "password", false, default, default, null)); break;
            case "change of an unknown asset": normalizer.AddAssetChange(Now, change with { AssetId = "plc-99" }); break;
            case "change naming nothing": normalizer.AddAssetChange(Now, change with { AssetId = null }); break;
            case "change without kind": normalizer.AddAssetChange(Now, change with { Change = AssetChangeKind.Unspecified }); break;
            case "change at a malformed address": normalizer.AddAssetChange(Now, change with { Ip = "plc.local" }); break;
            default: throw new ArgumentOutOfRangeException(nameof(@case), @case, null);
        }
    }
}
