extern alias agent;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.FailModes;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Tests.Policy.Segmentation;

namespace ZtFleet.Tests.Agent;

/// <summary>What the agent does when it loses the control plane, on a fake clock.</summary>
public sealed class FailModeTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

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
        _monitor = new FailModeMonitor(_contact, _state, _installer, ["control"], Lease, _time, NullLogger<FailModeMonitor>.Instance);
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
        Assert.Equal(FailClosedRuleset.Text, _applier.Applied[^1]);

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
    public async Task Without_any_plant_state_the_agent_fails_closed_after_the_lease()
    {
        _time.Advance(Lease);
        await _monitor.TickAsync();

        Assert.Equal(ConnectionMode.FailClosed, _monitor.Mode);
        Assert.Equal([FailClosedRuleset.Text], _applier.Applied);
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
    public void The_fail_closed_ruleset_passes_nft_check() =>
        NftablesRulesetTests.AssertNftAccepts(FailClosedRuleset.Text, "fail-closed");
}
