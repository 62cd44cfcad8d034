using System.Text.Json.Nodes;
using ZtFleet.Policy.Export;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>OCSF 1.3.0 events: every kind and variant is a valid event of its class, checked against the schema's files.</summary>
public sealed class OcsfFormatTests
{
    private static readonly OcsfFormat Format = new(ExportFormatOptions.Default with { ProductVersion = "1.4.2" });

    public static TheoryData<string> Variants() => [.. ExportSamples.All().Select(s => s.Name)];

    [Fact]
    public void The_schema_copy_is_OCSF_1_3_0()
    {
        Assert.Equal("1.3.0", OcsfSchema.Instance.Version);
        Assert.Equal(OcsfFormat.SchemaVersion, OcsfSchema.Instance.Version);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_a_valid_event_of_its_class(string variant)
    {
        var ocsf = Event(variant);

        Assert.Empty(OcsfSchema.Instance.Validate(ocsf));
    }

    [Theory]
    [InlineData("detection-open", 2004, 1, 1)]
    [InlineData("detection-updated", 2004, 2, 2)]
    [InlineData("detection-closed", 2004, 3, 4)]
    [InlineData("detection-learned", 2004, 3, 3)]
    [InlineData("incident-open", 2005, 1, 1)]
    [InlineData("incident-investigating", 2005, 2, 2)]
    [InlineData("incident-closed", 2005, 3, 5)]
    [InlineData("decision-deny", 3003, 1, 2)]
    [InlineData("decision-allow", 3003, 1, 1)]
    [InlineData("flow-dropped", 4001, 5, 2)]
    [InlineData("flow-allowed-ended", 4001, 2, 1)]
    [InlineData("flow-decision-allow", 4001, 1, 1)]
    [InlineData("flow-decision-deny", 4001, 5, 2)]
    [InlineData("authentication-telemetry-success", 3002, 1, 1)]
    [InlineData("authentication-mfa-refused", 3002, 1, 2)]
    [InlineData("authentication-lockout", 3002, 1, 2)]
    [InlineData("um-lock", 3001, 9, 1)]
    [InlineData("um-unlock", 3001, 99, 1)]
    [InlineData("um-lockout-cleared", 3001, 99, 1)]
    [InlineData("um-totp-enroll", 3001, 10, 1)]
    [InlineData("um-grant-approved", 3005, 1, 1)]
    [InlineData("um-grant-revoked", 3005, 2, 1)]
    [InlineData("um-grant-expired", 3005, 2, 1)]
    [InlineData("rem-quarantine-requested", 7004, 1, 99)]
    [InlineData("rem-quarantine-in-force", 7004, 1, 1)]
    [InlineData("rem-quarantine-rejected", 7004, 1, 2)]
    [InlineData("rem-lift-requested", 7004, 3, 99)]
    [InlineData("rem-lifted", 7004, 3, 1)]
    [InlineData("rem-lift-rejected", 7004, 3, 2)]
    [InlineData("rem-dropped", 7004, 3, 1)]
    [InlineData("rem-response-lock", 7001, 2, 1)]
    [InlineData("rem-response-restrict-reverted", 7004, 3, 1)]
    [InlineData("rem-response-step-up-proposed", 7001, 4, 99)]
    [InlineData("rem-response-alert", 7001, 99, 1)]
    [InlineData("audit-apply", 6003, 3, 1)]
    [InlineData("audit-refused", 6003, 3, 2)]
    [InlineData("audit-access-request", 6003, 1, 1)]
    public void Each_variant_has_its_class_activity_and_status(string variant, int classUid, int activity, int status)
    {
        var ocsf = Event(variant);

        Assert.Equal((classUid, activity, (long)classUid * 100 + activity, status),
            (ocsf["class_uid"]!.GetValue<int>(), ocsf["activity_id"]!.GetValue<int>(), ocsf["type_uid"]!.GetValue<long>(), ocsf["status_id"]!.GetValue<int>()));
    }

    [Fact]
    public void A_detection_carries_its_technique_in_finding_info_attacks_and_the_OT_fields_under_unmapped()
    {
        var ocsf = Event("detection-open");

        Assert.Equal("T0855", ocsf["finding_info"]!["attacks"]![0]!["technique"]!["uid"]!.GetValue<string>());
        Assert.Equal("Unauthorized Command Message", ocsf["finding_info"]!["attacks"]![0]!["technique"]!["name"]!.GetValue<string>());
        var unmapped = ocsf["unmapped"]!;
        Assert.Equal(("berlin", "cell-1", "plc-1", "vendor-anna", 90),
            (unmapped["plant"]!.GetValue<string>(), unmapped["zone"]!.GetValue<string>(), unmapped["asset"]!.GetValue<string>(),
             unmapped["identity"]!.GetValue<string>(), unmapped["modbus_function_code"]!.GetValue<int>()));
        Assert.Null(unmapped["attack_for_ics_technique"]);
        Assert.Equal(4, ocsf["severity_id"]!.GetValue<int>());
        Assert.Equal(ExportSamples.T0.ToUnixTimeMilliseconds(), ocsf["time"]!.GetValue<long>());
    }

    [Fact]
    public void Flows_carry_action_and_disposition_of_the_security_control_profile()
    {
        var dropped = Event("flow-dropped");
        var blocked = Event("flow-decision-deny");
        var observed = Event("flow-observed");

        Assert.Equal(["security_control"], dropped["metadata"]!["profiles"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal((2, 6), (dropped["action_id"]!.GetValue<int>(), dropped["disposition_id"]!.GetValue<int>()));
        Assert.Equal((2, 2), (blocked["action_id"]!.GetValue<int>(), blocked["disposition_id"]!.GetValue<int>()));
        Assert.Equal((1, 17), (observed["action_id"]!.GetValue<int>(), observed["disposition_id"]!.GetValue<int>()));
        Assert.Equal(("10.0.9.9", 40000), (dropped["src_endpoint"]!["ip"]!.GetValue<string>(), dropped["src_endpoint"]!["port"]!.GetValue<int>()));
        Assert.Equal(("plc-1", "cell-1", 502), (dropped["dst_endpoint"]!["uid"]!.GetValue<string>(), dropped["dst_endpoint"]!["zone"]!.GetValue<string>(), dropped["dst_endpoint"]!["port"]!.GetValue<int>()));
        Assert.Equal(6, blocked["unmapped"]!["modbus_function_code"]!.GetValue<int>());
        Assert.Equal("default-deny", dropped["firewall_rule"]!["uid"]!.GetValue<string>());
    }

    [Fact]
    public void A_decision_names_the_identity_the_operation_the_PEP_and_the_Purdue_level()
    {
        var ocsf = Event("decision-deny");

        Assert.Equal("vendor-anna", ocsf["user"]!["uid"]!.GetValue<string>());
        Assert.Equal(["write"], ocsf["privileges"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("outside-shift", ocsf["status_detail"]!.GetValue<string>());
        var unmapped = ocsf["unmapped"]!;
        Assert.Equal(("ep-cell-1", "1", "role:maintenance#2", "berlin", "cell-1"),
            (unmapped["enforcement_point"]!.GetValue<string>(), unmapped["purdue_level"]!.GetValue<string>(), unmapped["rule"]!.GetValue<string>(),
             unmapped["plant"]!.GetValue<string>(), unmapped["zone"]!.GetValue<string>()));
    }

    [Fact]
    public void Metadata_names_the_product_the_version_and_the_outbox_position()
    {
        var record = ExportSamples.All().First(s => s.Name == "um-lock").Record with { Position = 4711 };

        var ocsf = OcsfSchema.Parse(Format.Format(record));

        Assert.Equal(("1.3.0", "ZtFleet", "ZtFleet", "1.4.2", "4711", "user-management"),
            (ocsf["metadata"]!["version"]!.GetValue<string>(), ocsf["metadata"]!["product"]!["name"]!.GetValue<string>(),
             ocsf["metadata"]!["product"]!["vendor_name"]!.GetValue<string>(), ocsf["metadata"]!["product"]!["version"]!.GetValue<string>(),
             ocsf["metadata"]!["uid"]!.GetValue<string>(), ocsf["metadata"]!["log_name"]!.GetValue<string>()));
        Assert.Equal(4711, ocsf["unmapped"]!["outbox_position"]!.GetValue<long>());
    }

    [Fact]
    public void Audit_detail_is_kept_as_JSON_under_unmapped()
    {
        var ocsf = Event("um-grant-approved");

        Assert.Equal(["write", "view"], ocsf["privileges"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("plc-1", ocsf["unmapped"]!["detail"]!["assets"]![0]!.GetValue<string>());
        Assert.Equal(17, ocsf["unmapped"]!["audit_sequence"]!.GetValue<long>());
        Assert.Equal(64, ocsf["unmapped"]!["audit_hash"]!.GetValue<string>().Length);
    }

    [Fact]
    public void Text_with_quotes_newlines_and_non_ASCII_stays_valid_JSON()
    {
        var summary = "Zugriff auf \"plc-1\" ] \\ \n from Çağrı's 工作站 😀 " + new string('x', 10_000);
        var record = ExportRecords.From(ExportSamples.Detection(summary: summary));

        var ocsf = OcsfSchema.Parse(Format.Format(record));

        Assert.Equal(summary, ocsf["finding_info"]!["title"]!.GetValue<string>());
        Assert.Empty(OcsfSchema.Instance.Validate(ocsf));
    }

    [Fact]
    public void The_validator_catches_what_it_is_for()
    {
        var ocsf = Event("flow-dropped");
        ocsf.Remove("dst_endpoint");
        ocsf["disposition_id"] = 42;
        ocsf["flavour"] = "x";
        ocsf["type_uid"] = 400101;
        ocsf["metadata"]!["profiles"] = new JsonArray();

        var problems = OcsfSchema.Instance.Validate(ocsf);

        Assert.Contains(problems, p => p.Contains("'dst_endpoint' is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'flavour' is not an attribute", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("type_uid", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'action_id' is not an attribute", StringComparison.Ordinal));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => OcsfSchema.Parse("{\"a\":1,\"a\":2}"));
    }

    private static JsonObject Event(string variant) =>
        OcsfSchema.Parse(Format.Format(ExportSamples.All().Single(s => s.Name == variant).Record));
}
