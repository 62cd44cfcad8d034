using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>
/// Every kind of violation, each produced by one edit of the valid sample: exactly one violation, at the expected
/// path and line (the line of <c>marker</c> in the edited document), saying what is wrong.
/// </summary>
public sealed class FleetDocumentViolationTests
{
    public static TheoryData<string, string, string, string, string, string> Cases => new()
    {
        // name, find, replace, path, line marker, description fragment
        { "invalid identity id", "  - id: jdoe", "  - id: J.Doe", "identities[J.Doe].id", "id: J.Doe", "not a valid id" },
        { "missing asset id", "- id: jump-1\n        name: Jump host", "- name: Jump host", "plants[berlin].assets[#1].id", "name: Jump host", "id is required" },
        { "invalid asset id", "- id: erp-1", "- id: ERP_1", "plants[berlin].assets[ERP_1].id", "id: ERP_1", "not a valid id" },
        { "missing name", "        name: Press 1 HMI\n", string.Empty, "plants[berlin].assets[hmi-1].name", "- id: hmi-1", "name is required" },
        { "ip shorthand", "ip: 10.10.21.11", "ip: 10.1", "plants[berlin].assets[plc-press-1].ip", "ip: 10.1\n", "not an IP address" },
        { "ip with leading zero", "ip: 10.10.21.11", "ip: 10.010.21.11", "plants[berlin].assets[plc-press-1].ip", "ip: 10.010", "not an IP address" },
        { "ip not an address", "ip: 10.10.21.11", "ip: plc.local", "plants[berlin].assets[plc-press-1].ip", "ip: plc.local", "not an IP address" },
        { "mac invalid", "mac: 00:1b:1b:12:34:56", "mac: 00:1b:1b:12:34", "plants[berlin].assets[plc-press-1].mac", "mac:", "not a MAC address" },
        { "duplicate ip in plant", "ip: 10.10.21.11", "ip: \"10.10.21.10\"", "plants[berlin].assets[plc-press-1].ip", "ip: \"10.10.21.10\"", "already used by asset hmi-1" },
        { "duplicate mac in plant", "ip: 10.10.21.10", "ip: 10.10.21.10\n        mac: 00-1B-1B-12-34-56", "plants[berlin].assets[plc-press-1].mac", "mac: 00:1b", "already used by asset hmi-1" },
        { "unknown zone of asset", "zone: sis", "zone: sis-2", "plants[berlin].assets[sis-1].zone", "zone: sis-2", "zone 'sis-2' is not defined in plant berlin" },
        { "unknown asset type", "type: hmi", "type: panel", "plants[berlin].assets[hmi-1].type", "type: panel", "plc, safety-controller, hmi, scada-server" },
        { "criticality out of range", "criticality: 2", "criticality: 6", "plants[berlin].assets[erp-1].criticality", "criticality: 6", "1 (low) to 5 (highest)" },
        { "criticality not a number", "criticality: 2", "criticality: high", "plants[berlin].assets[erp-1].criticality", "criticality: high", "whole number" },
        { "missing criticality", "        criticality: 2\n", string.Empty, "plants[berlin].assets[erp-1].criticality", "- id: erp-1", "1 (low) to 5 (highest), not 0" },
        { "safety flag not a boolean", "safetyRelated: true", "safetyRelated: ja", "plants[berlin].assets[sis-1].safetyRelated", "safetyRelated: ja", "true or false" },
        { "invalid CVE id", "[CVE-2022-38465]", "[CVE-22-1]", "plants[berlin].assets[plc-press-1].vulnerabilities[CVE-22-1]", "CVE-22-1", "not a CVE id" },
        { "duplicate asset id", "      - id: sis-1", "      - id: hmi-1 # again\n        name: Copy\n        zone: cell-1\n        type: hmi\n        criticality: 1\n      - id: sis-1", "plants[berlin].assets[hmi-1].id", "# again", "asset id 'hmi-1' is used more than once in plant berlin" },
        { "unknown zone kind", "kind: dmz", "kind: demilitarized", "plants[berlin].zones[dmz].kind", "kind: demilitarized", "enterprise-it, dmz, ot-supervisory, ot-control, safety" },
        { "unknown Purdue level", "purdueLevel: \"3.5\"", "purdueLevel: \"3.7\"", "plants[berlin].zones[dmz].purdueLevel", "3.7", "\"0\", \"1\", \"2\", \"3\", \"3.5\", \"4\", \"5\"" },
        { "Purdue level inconsistent with kind", "purdueLevel: \"4\"", "purdueLevel: \"3\"", "plants[berlin].zones[ent-it].purdueLevel", "purdueLevel: \"3\"\n        securityLevelTarget: 1", "does not fit the kind enterprise-it (expected \"4\", \"5\")" },
        { "DMZ not at 3.5", "purdueLevel: \"3.5\"", "purdueLevel: \"3\"", "plants[berlin].zones[dmz].purdueLevel", "purdueLevel: \"3\"\n        securityLevelTarget: 3", "expected \"3.5\"" },
        { "SL-T out of range", "securityLevelTarget: 4", "securityLevelTarget: 5", "plants[berlin].zones[sis].securityLevelTarget", "securityLevelTarget: 5", "SL-T 1 to 4" },
        { "SL-T missing", "        securityLevelTarget: 4\n", string.Empty, "plants[berlin].zones[sis].securityLevelTarget", "- id: sis", "securityLevelTarget is required" },
        { "duplicate zone id", "      - id: sis\n", "      - id: cell-1 # again\n        name: Copy\n        kind: ot-control\n        purdueLevel: \"1\"\n        securityLevelTarget: 3\n      - id: sis\n", "plants[berlin].zones[cell-1].id", "# again", "zone id 'cell-1' is used more than once" },
        { "unknown time zone", "timeZone: Europe/Berlin", "timeZone: Europe/Hamburg", "plants[berlin].timeZone", "timeZone:", "not a known IANA time zone" },
        { "Windows time zone name", "timeZone: Europe/Berlin", "timeZone: W. Europe Standard Time", "plants[berlin].timeZone", "timeZone:", "not a known IANA time zone" },
        { "time zone in wrong case", "timeZone: Europe/Berlin", "timeZone: europe/berlin", "plants[berlin].timeZone", "timeZone:", "not a known IANA time zone" },
        { "duplicate plant id", "identities:\n", "  - id: berlin # again\n    name: Copy\n    timeZone: Europe/Berlin\nidentities:\n", "plants[berlin].id", "# again", "plant id 'berlin' is used by more than one plant" },
        { "shift time not HH:mm", "start: \"06:00\"", "start: 6am", "plants[berlin].shifts[early].start", "start: 6am", "\"HH:mm\"" },
        { "shift time past midnight", "start: \"06:00\"", "start: \"24:00\"", "plants[berlin].shifts[early].start", "24:00", "\"HH:mm\"" },
        { "shift without start", "        start: \"22:00\"\n", string.Empty, "plants[berlin].shifts[night].start", "- id: night", "start is required" },
        { "unknown day", "[mon, tue, wed, thu, fri]", "[mon, tue, funday]", "plants[berlin].shifts[early].days[funday]", "funday", "mon, tue, wed, thu, fri, sat, sun" },
        { "days not a list", "[mon, tue, wed, thu, fri]", "mon", "plants[berlin].shifts[early].days", "days: mon", "must be a list" },
        { "shift without days", "        days: [sun, mon, tue, wed, thu]\n", string.Empty, "plants[berlin].shifts[night].days", "- id: night", "days is required" },
        { "invalid shift id", "- id: night", "- id: Night", "plants[berlin].shifts[Night].id", "id: Night", "not a valid id" },
        { "unknown protocol", "protocol: modbus-tcp", "protocol: modbus", "plants[berlin].conduits[cell-1-to-sis].protocol", "protocol: modbus\n", "modbus-tcp, s7comm, ethernet-ip" },
        { "unknown direction", "direction: from-to", "direction: both", "plants[berlin].conduits[mes-to-cell-1].direction", "direction: both", "from-to, bidirectional" },
        { "port out of range", "protocol: https\n        description: ERP", "protocol: https\n        port: 70000\n        description: ERP", "plants[berlin].conduits[erp-to-dmz].port", "port: 70000", "1 to 65535" },
        { "unknown conduit zone", "to: dmz\n", "to: dmz-2\n", "plants[berlin].conduits[erp-to-dmz].to", "to: dmz-2", "zone 'dmz-2' is not defined in plant berlin" },
        { "conduit inside one zone", "to: dmz\n", "to: ent-it\n", "plants[berlin].conduits[erp-to-dmz].to", "to: ent-it", "two different zones" },
        { "operation outside the protocol", "[read, write, download]", "[read, write, program-download]", "plants[berlin].conduits[ews-to-cell-1].operations[program-download]", "program-download", "not a s7comm operation (allowed: read, write, download, upload, stop, start)" },
        { "Modbus function code out of range", "[fc3, fc23]", "[fc3, fc200]", "plants[berlin].conduits[cell-1-to-sis].operations[fc200]", "fc200", "fc1 … fc127" },
        { "OT conduit without operations", "[fc3, fc23]", "[]", "plants[berlin].conduits[cell-1-to-sis].operations", "operations: []", "must list the operations they allow" },
        { "IT conduit with operations", "protocol: https\n        description: ERP", "protocol: https\n        operations: [get]\n        description: ERP", "plants[berlin].conduits[erp-to-dmz].operations", "operations: [get]", "no operation vocabulary" },
        { "unknown asset narrowing", "fromAssets: [ews-1]", "fromAssets: [ews-9]", "plants[berlin].conduits[ews-to-cell-1].fromAssets[ews-9]", "ews-9", "asset 'ews-9' is not defined" },
        { "narrowing to an asset of another zone", "fromAssets: [ews-1]", "fromAssets: [hmi-1]", "plants[berlin].conduits[ews-to-cell-1].fromAssets[hmi-1]", "fromAssets: [hmi-1]", "is in zone cell-1, not in the conduit's from zone site-ops" },
        { "unknown asset type narrowing", "toAssetTypes: [plc]", "toAssetTypes: [controller]", "plants[berlin].conduits[ews-to-cell-1].toAssetTypes[controller]", "[controller]", "plc, safety-controller" },
        { "duplicate conduit id", "      - id: cell-1-to-sis\n", "      - id: erp-to-dmz # again\n        from: ent-it\n        to: dmz\n        protocol: https\n      - id: cell-1-to-sis\n", "plants[berlin].conduits[erp-to-dmz].id", "# again", "conduit id 'erp-to-dmz' is used more than once" },
        { "unknown flow asset", "from: hmi-1", "from: hmi-9", "plants[berlin].flows[hmi-polls-press-1].from", "from: hmi-9", "asset 'hmi-9' is not defined in plant berlin" },
        { "flow without purpose", "        purpose: operator screens\n", string.Empty, "plants[berlin].flows[hmi-polls-press-1].purpose", "- id: hmi-polls-press-1", "purpose is required" },
        { "flow no conduit carries", "port: 4840\n        purpose", "port: 4841\n        purpose", "plants[berlin].flows[mes-reads-press-1]", "- id: mes-reads-press-1", "not permitted by any conduit" },
        { "duplicate flow id", "      - id: hmi-polls-press-1\n", "      - id: mes-reads-press-1 # again\n        from: hmi-1\n        to: plc-press-1\n        protocol: s7comm\n        purpose: x\n      - id: hmi-polls-press-1\n", "plants[berlin].flows[mes-reads-press-1].id", "# again", "flow id 'mes-reads-press-1' is used more than once" },
        { "unknown identity kind", "kind: contractor", "kind: freelancer", "identities[contractor-1].kind", "kind: freelancer", "employee, contractor, vendor-technician, service-account" },
        { "invalid email", "email: jane.doe@acme.example", "email: jane.doe", "identities[jdoe].email", "email: jane.doe", "not an email address" },
        { "invalid role", "roles: [operator]", "roles: [Operator]", "identities[jdoe].assignments[berlin].roles[Operator]", "Operator", "not a valid id" },
        { "unknown shift reference", "shift: early", "shift: late", "identities[jdoe].assignments[berlin].shift", "shift: late", "shift 'late' is not defined at plant berlin (defined: early, night)" },
        { "unknown plant reference", "plant: berlin\n        roles: [maintenance]", "plant: munich\n        roles: [maintenance]", "identities[contractor-1].assignments[munich].plant", "plant: munich", "neither in this document nor in the fleet" },
        { "two assignments at one plant", "roles: [operator]\n        shift: early\n", "roles: [operator]\n        shift: early\n      - plant: berlin # second\n        roles: [supervisor]\n", "identities[jdoe].assignments[berlin].plant", "# second", "already has an assignment at plant berlin" },
        { "duplicate identity id", "  - id: contractor-1\n", "  - id: jdoe # again\n    name: Other\n    kind: employee\n  - id: contractor-1\n", "identities[jdoe].id", "# again", "identity id 'jdoe' is used by more than one identity" },
        { "wrong api version", "apiVersion: ztfleet/v1", "apiVersion: ztfleet/v2", "apiVersion", "apiVersion", "must be ztfleet/v1" },
        { "list where a mapping is expected", "fleet:\n  name: Acme Manufacturing\n", "fleet: [Acme]\n", "fleet", "fleet:", "must be a mapping" },
        { "mapping where text is expected", "name: SAP ERP", "name: {first: SAP}", "plants[berlin].assets[erp-1].name", "name: {first", "must be a single value" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_problem_is_one_violation_at_its_path_and_line(
        string name, string find, string replace, string path, string marker, string fragment)
    {
        var text = FleetSamples.Replace(find, replace);

        var result = FleetDocumentReader.Read(text);

        var violation = Assert.Single(result.Violations);
        Assert.True(
            violation.Field == $"{path} (line {FleetSamples.LineOf(text, marker)})",
            $"{name}: expected {path} (line {FleetSamples.LineOf(text, marker)}), got {violation.Field}: {violation.Description}");
        Assert.Contains(fragment, violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ent-it", "cell-1", "from-to")]
    [InlineData("cell-1", "ent-it", "from-to")]
    [InlineData("ent-it", "sis", "bidirectional")]
    public void Conduit_from_enterprise_it_straight_to_ot_control_is_rejected(string from, string to, string direction)
    {
        var text = FleetSamples.Replace(
            "      - id: cell-1-to-sis\n",
            $"      - id: shortcut\n        from: {from}\n        to: {to}\n        protocol: rdp\n        direction: {direction}\n      - id: cell-1-to-sis\n");

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Equal($"plants[berlin].conduits[shortcut] (line {FleetSamples.LineOf(text, "- id: shortcut")})", violation.Field);
        Assert.Contains("must pass through a DMZ", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Conduit_from_enterprise_it_to_the_dmz_is_allowed()
    {
        Assert.Contains(FleetSamples.Plant().Conduits, c => c.From.Value == "ent-it" && c.To.Value == "dmz");
    }

    [Fact]
    public void Purdue_level_decides_the_segmentation_rule_when_the_kind_does_not()
    {
        // An OT supervisory zone at level 2 holds HMIs and SCADA: still below the DMZ.
        var text = FleetSamples.Replace(
            "      - id: cell-1-to-sis\n",
            "      - id: shortcut\n        from: ent-it\n        to: hmi-area\n        protocol: rdp\n      - id: cell-1-to-sis\n");
        text = FleetSamples.Replace(
            "      - id: sis\n",
            "      - id: hmi-area\n        name: HMIs\n        kind: ot-supervisory\n        purdueLevel: \"2\"\n        securityLevelTarget: 2\n      - id: sis\n",
            text);

        Assert.Contains("must pass through a DMZ", Assert.Single(FleetDocumentReader.Read(text).Violations).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Flow_across_a_bidirectional_conduit_is_carried_in_either_direction()
    {
        var text = FleetSamples.Replace("direction: from-to", "direction: bidirectional");
        text = FleetSamples.Replace(
            "      - id: hmi-polls-press-1\n",
            "      - id: press-1-pushes-mes\n        from: plc-press-1\n        to: mes-1\n        protocol: opc-ua\n        purpose: alarms\n      - id: hmi-polls-press-1\n",
            text);

        Assert.True(FleetDocumentReader.Read(text).IsValid);
    }

    [Fact]
    public void A_misspelt_key_is_one_violation_not_also_a_missing_field()
    {
        var text = FleetSamples.Replace("securityLevelTarget: 4", "securityLevelTaget: 4");

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Contains("did you mean 'securityLevelTarget'", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_protocol_does_not_also_report_a_missing_port()
    {
        var text = FleetSamples.Replace("protocol: https\n        description: ERP", "protocol: webdav\n        description: ERP");

        Assert.Single(FleetDocumentReader.Read(text).Violations);
    }

    [Fact]
    public void Duplicate_ids_point_at_the_line_of_the_second_entity_even_when_both_have_problems()
    {
        var text = FleetSamples.Replace(
            "      - id: sis-1",
            "      - id: hmi-1 # again\n        name: Copy\n        zone: cell-1\n        type: hmi\n        criticality: 1\n        ip: 10.1 # bad\n      - id: sis-1");
        text = FleetSamples.Replace("ip: 10.10.21.10", "ip: 10.2", text);

        var violations = FleetDocumentReader.Read(text).Violations;

        Assert.Equal(
            [
                $"plants[berlin].assets[hmi-1].ip (line {FleetSamples.LineOf(text, "ip: 10.2\n")})",
                $"plants[berlin].assets[hmi-1].id (line {FleetSamples.LineOf(text, "# again")})",
                $"plants[berlin].assets[hmi-1].ip (line {FleetSamples.LineOf(text, "# bad")})",
            ],
            violations.Select(v => v.Field));
    }
}
