extern alias agent;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.FailModes;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Tests.Policy.Segmentation;

namespace ZtFleet.Tests.Agent;

/// <summary>What the agent does when it loses the control plane, on a fake clock.</summary>
public sealed class FailModeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly string FailClosed = NftablesRuleset.FailClosed(PlantId.Parse(AgentFleets.Plant), [ZoneId.Parse("control")]);

    private readonly string _directory = Directory.CreateTempSubdirectory("ztfleet-agent-").FullName;
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RecordingApplier _applier = new();
    private readonly EnforcementState _state = new();
    private readonly RulesetInstaller _installer;
    private readonly ControlPlaneContact _contact;
    private readonly FailModeMonitor _monitor;

    public FailModeTests()
    {
        _installer = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);
        _contact = new ControlPlaneContact(_time);
        _monitor = new FailModeMonitor(_contact, _state, _installer, ["control"], FailClosed, Lease, _time, NullLogger<FailModeMonitor>.Instance);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_fail_closed_zone_keeps_its_ruleset_for_the_lease_then_forwards_nothing_and_restores_it_when_contact_is_back()
    {
        _state.Publish(PlantView.Of(AgentFleets.Snapshot(AgentFleets.ReadOnly, 1)));
        await _installer.InstallAsync(RulesetInstallerTests.Ruleset("# epoch 1\n", 1), CancellationToken.None);

        _time.Advance(Lease - TimeSpan.FromSeconds(1));
        await _monitor.TickAsync();
        Assert.Equal((ConnectionMode.Connected, false), (_monitor.Mode, _state.FailedClosed));
        Assert.Equal(["# epoch 1\n"], _applier.Applied);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _monitor.TickAsync();
        Assert.Equal((ConnectionMode.FailClosed, true), (_monitor.Mode, _state.FailedClosed));
        Assert.Equal(FailClosed, _applier.Applied[^1]);

        // Still no contact: nothing is applied again.
        _time.Advance(TimeSpan.FromMinutes(5));
        await _monitor.TickAsync();
        Assert.Equal(2, _applier.Applied.Count);

        _contact.Record();
        await _monitor.TickAsync();
        Assert.Equal((ConnectionMode.Connected, false), (_monitor.Mode, _state.FailedClosed));
        Assert.Equal("# epoch 1\n", _applier.Applied[^1]);
    }

    [Fact]
    public async Task Answered_heartbeats_are_no_contact_while_the_watch_is_out_of_step_or_the_plant_is_ahead()
    {
        _state.Publish(PlantView.Of(AgentFleets.Snapshot(AgentFleets.ReadOnly, 1)));
        await _installer.InstallAsync(RulesetInstallerTests.Ruleset("# epoch 1\n", 1), CancellationToken.None);
        _contact.CaughtUp(1);

        // In step: an idle plant's heartbeats keep the agent connected well past the lease.
        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.True(_contact.Heartbeat(plantEpoch: 1));
            await _monitor.TickAsync();
        }

        Assert.Equal(ConnectionMode.Connected, _monitor.Mode);

        // The plant moved to epoch 2 but the watch never delivers it (stuck, or its ruleset refused every time): the
        // API still answers heartbeats, but the lease runs out.
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.False(_contact.Heartbeat(plantEpoch: 2));
            await _monitor.TickAsync();
        }

        Assert.Equal((ConnectionMode.FailClosed, true), (_monitor.Mode, _state.FailedClosed));

        // A broken watch is no contact either, even when the plant has not moved.
        _contact.CaughtUp(2);
        await _monitor.TickAsync();
        Assert.Equal(ConnectionMode.Connected, _monitor.Mode);
        _contact.OutOfStep();
        _time.Advance(Lease);
        Assert.False(_contact.Heartbeat(plantEpoch: 2));
        await _monitor.TickAsync();
        Assert.Equal(ConnectionMode.FailClosed, _monitor.Mode);
    }

    [Fact]
    public async Task Without_any_plant_state_the_agent_fails_closed_after_the_lease()
    {
        _time.Advance(Lease);
        await _monitor.TickAsync();

        Assert.Equal(ConnectionMode.FailClosed, _monitor.Mode);
        Assert.Equal([FailClosed], _applier.Applied);
    }

    [Fact]
    public void Fail_static_keeps_enforcing_until_its_bound_has_elapsed_after_the_lease()
    {
        var rule = new FailModeRule(false, TimeSpan.FromMinutes(15));

        Assert.Equal(ConnectionMode.Connected, FailModePolicy.ModeAt(Start, Start + Lease - TimeSpan.FromTicks(1), Lease, rule));
        Assert.Equal(ConnectionMode.FailStatic, FailModePolicy.ModeAt(Start, Start + Lease, Lease, rule));
        Assert.Equal(ConnectionMode.FailStatic, FailModePolicy.ModeAt(Start, Start + Lease + TimeSpan.FromMinutes(15) - TimeSpan.FromTicks(1), Lease, rule));
        Assert.Equal(ConnectionMode.FailClosed, FailModePolicy.ModeAt(Start, Start + Lease + TimeSpan.FromMinutes(15), Lease, rule));
        Assert.Equal(ConnectionMode.FailClosed, FailModePolicy.ModeAt(Start, Start + Lease, Lease, FailModeRule.FailClosed));
    }

    [Fact]
    public void Several_zones_take_the_strictest_mode()
    {
        static ZoneSpec Zone(string id, ZoneFailMode mode, int? minutes = null) =>
            new(ZoneId.Parse(id), id, ZoneKind.OtControl, PurdueLevel.Level1, 3, null, mode, minutes);

        Assert.Equal(FailModeRule.FailClosed, FailModePolicy.Strictest([Zone("a", ZoneFailMode.Static, 60), Zone("b", ZoneFailMode.Closed)]));
        Assert.Equal(new FailModeRule(false, TimeSpan.FromMinutes(15)), FailModePolicy.Strictest([Zone("a", ZoneFailMode.Static, 60), Zone("b", ZoneFailMode.Static, 15)]));
        Assert.Equal(new FailModeRule(false, TimeSpan.FromMinutes(60)), FailModePolicy.Strictest([Zone("a", ZoneFailMode.Static, 60), Zone("b", ZoneFailMode.Static)]));
        Assert.Equal(new FailModeRule(false, null), FailModePolicy.Strictest([Zone("a", ZoneFailMode.Static)]));
        Assert.Equal(FailModeRule.FailClosed, FailModePolicy.Strictest([Zone("a", ZoneFailMode.Static, 60), null]));
        Assert.Equal(FailModeRule.FailClosed, FailModePolicy.Strictest(Array.Empty<ZoneSpec>()));
    }

    [Fact]
    public async Task A_fail_static_zone_keeps_everything_for_its_bound_after_the_lease_then_fails_closed()
    {
        var snapshot = AgentFleets.Snapshot(AgentFleets.ReadOnly, 1);
        var plant = snapshot.Definition with
        {
            Zones = snapshot.Definition.Zones.Select(z => z with { FailMode = ZoneFailMode.Static, FailStaticMinutes = 10 }).ToList(),
        };
        _state.Publish(PlantView.Of(PlantSnapshot.Create(plant, snapshot.Roles, snapshot.Policy, [], 1)));
        await _installer.InstallAsync(RulesetInstallerTests.Ruleset("# epoch 1\n", 1), CancellationToken.None);

        _time.Advance(Lease);
        await _monitor.TickAsync();
        Assert.Equal((ConnectionMode.FailStatic, false), (_monitor.Mode, _state.FailedClosed));
        _time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        await _monitor.TickAsync();
        Assert.Equal(ConnectionMode.FailStatic, _monitor.Mode);
        Assert.Equal(["# epoch 1\n"], _applier.Applied);

        _time.Advance(TimeSpan.FromSeconds(1));
        await _monitor.TickAsync();
        Assert.Equal((ConnectionMode.FailClosed, true), (_monitor.Mode, _state.FailedClosed));
        Assert.Equal(FailClosed, _applier.Applied[^1]);
    }

    [SkippableFact]
    public void The_fail_closed_ruleset_passes_nft_check() =>
        NftablesRulesetTests.AssertNftAccepts(FailClosed, "fail-closed");
}
