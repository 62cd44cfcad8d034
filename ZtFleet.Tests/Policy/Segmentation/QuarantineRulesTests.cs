using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>The quarantine workflow's rules, on the line of <c>Cases/conditions-and-quarantines.yaml</c>.</summary>
public sealed class QuarantineRulesTests
{
    private static readonly PlantSpec Line = FlowCaseFile.Load("conditions-and-quarantines.yaml").PlantSpec();
    private static readonly AssetSpec Plc = Line.Assets.Single(a => a.Id.Value == "plc-1");
    private static readonly AssetSpec Sis = Line.Assets.Single(a => a.Id.Value == "sis-1");

    [Fact]
    public void A_request_reports_every_problem_at_its_field()
    {
        var violations = QuarantineRules.Check(
            Line, Plc.Id, QuarantineMode.RestrictWrites, [Plc.Id, AssetId.Parse("ews-1"), AssetId.Parse("ews-1"), AssetId.Parse("nowhere")], " ");

        Assert.Equal(
            ["reason", "access_from_asset_ids", "access_from_asset_ids[0]", "access_from_asset_ids[2]", "access_from_asset_ids[3]"],
            violations.Select(v => v.Field));
        Assert.Empty(QuarantineRules.Check(Line, Plc.Id, QuarantineMode.Isolate, [AssetId.Parse("forensics-1")], "ransomware on the line"));
        Assert.Equal(["mode"], QuarantineRules.Check(Line, Plc.Id, QuarantineMode.Unspecified, [], "why").Select(v => v.Field));
    }

    [Fact]
    public void A_safety_asset_is_restricted_first_and_isolation_only_tightens()
    {
        Assert.NotNull(QuarantineRules.Admit(Sis, QuarantineMode.Isolate, null, out _));
        Assert.Null(QuarantineRules.Admit(Sis, QuarantineMode.RestrictWrites, null, out var none));
        Assert.Null(none);

        var restricted = new AssetQuarantine(Sis.Id, QuarantineMode.RestrictWrites, [], "q-1", DateTimeOffset.UnixEpoch, "why");
        Assert.Null(QuarantineRules.Admit(Sis, QuarantineMode.Isolate, restricted, out var supersedes));
        Assert.Equal("q-1", supersedes);
        Assert.NotNull(QuarantineRules.Admit(Sis, QuarantineMode.RestrictWrites, restricted, out _));
        Assert.NotNull(QuarantineRules.Admit(Plc, QuarantineMode.Isolate, restricted with { Mode = QuarantineMode.Isolate }, out _));
        Assert.Null(QuarantineRules.Admit(Plc, QuarantineMode.Isolate, null, out _));
    }

    [Fact]
    public void Safety_steps_need_the_fleets_safety_approvers_and_ordinary_ones_take_effect_at_once()
    {
        var three = FleetPolicy.Default with { SafetyApprovers = 3 };

        Assert.Equal((0, 1), (QuarantineRules.QuarantineApprovals(Plc, FleetPolicy.Default), QuarantineRules.LiftApprovals(false, FleetPolicy.Default)));
        Assert.Equal((2, 2), (QuarantineRules.QuarantineApprovals(Sis, FleetPolicy.Default), QuarantineRules.LiftApprovals(true, FleetPolicy.Default)));
        Assert.Equal((3, 3), (QuarantineRules.QuarantineApprovals(Sis, three), QuarantineRules.LiftApprovals(true, three)));
    }

    [Fact]
    public void Only_another_person_approves_and_once()
    {
        Assert.Null(QuarantineRules.RefuseApproval(QuarantineActorKind.Person, "carla", "anna", ["ben"], "lift"));
        Assert.Contains("playbook never", QuarantineRules.RefuseApproval(QuarantineActorKind.Playbook, "scan", "anna", [], "lift")?.Message, StringComparison.Ordinal);
        Assert.Contains("they asked for", QuarantineRules.RefuseApproval(QuarantineActorKind.Person, "anna", "anna", [], "lift")?.Message, StringComparison.Ordinal);
        Assert.Contains("counts once", QuarantineRules.RefuseApproval(QuarantineActorKind.Person, "ben", "anna", ["ben"], "lift")?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_plant_keeps_one_quarantine_per_asset_and_tightening_replaces_the_one_it_supersedes()
    {
        var restricted = new AssetQuarantine(Sis.Id, QuarantineMode.RestrictWrites, [], "q-1", DateTimeOffset.UnixEpoch, "why");
        var plc = new AssetQuarantine(Plc.Id, QuarantineMode.Isolate, [], "q-2", DateTimeOffset.UnixEpoch, "why");
        var isolated = restricted with { Mode = QuarantineMode.Isolate, Id = "q-3" };

        Assert.Equal(["q-2", "q-3"], QuarantineRules.PutInForce([restricted, plc], Line, isolated, "q-1", out _)!.Select(q => q.Id));
        Assert.Null(QuarantineRules.PutInForce([restricted], Line, isolated, null, out var taken));
        Assert.Contains("already in quarantine 'q-1'", taken, StringComparison.Ordinal);
        Assert.Null(QuarantineRules.PutInForce([], Line, isolated, "q-1", out var gone));
        Assert.Contains("no longer in force", gone, StringComparison.Ordinal);
        Assert.Null(QuarantineRules.PutInForce([], Line, plc with { Asset = AssetId.Parse("nowhere") }, null, out _));

        Assert.Equal(["q-1"], QuarantineRules.Lift([restricted, plc], Line, Plc.Id, "q-2").Select(q => q.Id));
        Assert.Equal(["q-2", "q-1"], QuarantineRules.Lift([restricted, plc], Line, Plc.Id, "q-9").Select(q => q.Id)); // sorted by asset id

        // A definition without the PLC keeps only the SIS's.
        var without = Line with { Assets = [.. Line.Assets.Where(a => a.Id != Plc.Id)] };
        Assert.Equal(["q-1"], QuarantineRules.InForce([plc, restricted], without).Select(q => q.Id));
    }
}
