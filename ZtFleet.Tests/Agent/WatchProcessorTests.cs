extern alias agent;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>A watch stream from epoch 0 rebuilt into a snapshot, its rulesets applied and acknowledged.</summary>
public sealed class WatchProcessorTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("ztfleet-agent-").FullName;
    private readonly RecordingApplier _applier = new();
    private readonly FakeControlPlane _controlPlane = new();
    private readonly EnforcementState _state = new();
    private readonly ControlPlaneContact _contact = new(new FakeTimeProvider(At));
    private readonly RulesetInstaller _installer;
    private readonly WatchProcessor _processor;

    public WatchProcessorTests()
    {
        _installer = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);
        _processor = new WatchProcessor(_controlPlane, _installer, _state, _contact, NullLogger<WatchProcessor>.Instance);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task An_ack_follows_an_applied_ruleset_with_its_hash()
    {
        _processor.Begin(plantEpoch: 1);
        await _processor.HandleAsync(RulesetMessage("# segmentation epoch 1\n", 1), CancellationToken.None);
        Assert.Empty(_controlPlane.Acks);

        await _processor.HandleAsync(Definition(1), CancellationToken.None);
        Assert.Equal([(1L, RulesetInstaller.Sha256("# segmentation epoch 1\n"))], _controlPlane.Acks);
        Assert.Equal(1, _state.View!.Epoch);

        var live = Definition(2);
        live.Ruleset = RulesetInstallerTests.Ruleset("# segmentation epoch 2\n", 2);
        await _processor.HandleAsync(live, CancellationToken.None);

        Assert.Equal(["# segmentation epoch 1\n", "# segmentation epoch 2\n"], _applier.Applied);
        Assert.Equal((2L, RulesetInstaller.Sha256("# segmentation epoch 2\n")), _controlPlane.Acks[^1]);
        Assert.Equal(2, _state.View!.Epoch);
    }

    [Fact]
    public async Task A_replay_publishes_nothing_and_applies_no_older_ruleset_until_it_has_caught_up_then_acks_once()
    {
        _processor.Begin(plantEpoch: 3);
        await _processor.HandleAsync(RulesetMessage("# current\n", 2), CancellationToken.None);

        // A ruleset older than the one applied (not what the control plane sends, but never applied if it did).
        var past = Definition(1);
        past.Ruleset = RulesetInstallerTests.Ruleset("# older\n", 1);
        await _processor.HandleAsync(past, CancellationToken.None);
        await _processor.HandleAsync(Definition(2), CancellationToken.None);
        Assert.Null(_state.View);
        Assert.Empty(_controlPlane.Acks);

        await _processor.HandleAsync(IdentityGone(3), CancellationToken.None);

        Assert.Equal(["# current\n"], _applier.Applied);
        Assert.Equal([(3L, RulesetInstaller.Sha256("# current\n"))], _controlPlane.Acks);
        Assert.Equal(3, _state.View!.Epoch);
    }

    [Fact]
    public async Task A_newer_ruleset_on_a_replayed_delta_is_applied_at_once()
    {
        // The stream opened at plant epoch 3 (segmentation epoch 2); a quarantine lands at epoch 4 during the replay.
        // The control plane compiles rulesets from its current view, so the quarantine's ruleset rides on the first
        // replayed delta, and the live quarantine delta carries none (it equals the last one sent).
        _processor.Begin(plantEpoch: 3);
        await _processor.HandleAsync(RulesetMessage("# current\n", 2), CancellationToken.None);
        var replayed = Definition(1);
        replayed.Ruleset = RulesetInstallerTests.Ruleset("# quarantine\n", 4);
        await _processor.HandleAsync(replayed, CancellationToken.None);

        Assert.Equal(["# current\n", "# quarantine\n"], _applier.Applied);
        await _processor.HandleAsync(Definition(2), CancellationToken.None);
        await _processor.HandleAsync(IdentityGone(3), CancellationToken.None);
        await _processor.HandleAsync(IdentityGone(4), CancellationToken.None); // the live delta, without a ruleset

        Assert.Equal(["# current\n", "# quarantine\n"], _applier.Applied);
        Assert.Equal([(3L, RulesetInstaller.Sha256("# quarantine\n")), (4L, RulesetInstaller.Sha256("# quarantine\n"))], _controlPlane.Acks);
    }

    [Fact]
    public async Task A_new_stream_resumes_from_the_kept_snapshot_and_a_gap_starts_over_from_epoch_zero()
    {
        Assert.Equal(0, _processor.Begin(plantEpoch: 1));
        await _processor.HandleAsync(RulesetMessage("# current\n", 1), CancellationToken.None);
        await _processor.HandleAsync(Definition(1), CancellationToken.None);
        _processor.Disconnected();

        // Resumed: the view of epoch 1 stays published while epoch 2 is replayed.
        Assert.Equal(1, _processor.Begin(plantEpoch: 2));
        await _processor.HandleAsync(RulesetMessage("# current\n", 1), CancellationToken.None);
        Assert.Equal(1, _state.View!.Epoch);
        await _processor.HandleAsync(IdentityGone(2), CancellationToken.None);
        Assert.Equal(2, _state.View!.Epoch);

        await Assert.ThrowsAsync<DeltaGapException>(() => _processor.HandleAsync(IdentityGone(4), CancellationToken.None));
        Assert.Equal(0, _processor.Begin(plantEpoch: 4));
        Assert.Equal(2, _state.View!.Epoch);
    }

    [Fact]
    public async Task The_watch_is_in_step_only_once_caught_up_and_falls_out_of_step_when_a_ruleset_is_refused()
    {
        _processor.Begin(plantEpoch: 1);
        await _processor.HandleAsync(RulesetMessage("# current\n", 1), CancellationToken.None);
        Assert.False(_contact.InStep);
        await _processor.HandleAsync(Definition(1), CancellationToken.None);
        Assert.True(_contact.Heartbeat(1));
        Assert.False(_contact.Heartbeat(2));

        _applier.Refuse = true;
        var refused = Definition(2);
        refused.Ruleset = RulesetInstallerTests.Ruleset("# refused\n", 2);
        await Assert.ThrowsAsync<RulesetApplyException>(() => _processor.HandleAsync(refused, CancellationToken.None));

        Assert.False(_contact.Heartbeat(1));
        Assert.Equal(1, _processor.Snapshot!.Epoch);
    }

    [Fact]
    public async Task The_proxy_may_decide_on_the_view_only_while_the_watch_is_caught_up_and_in_step()
    {
        _processor.Begin(plantEpoch: 1);
        await _processor.HandleAsync(RulesetMessage("# current\n", 1), CancellationToken.None);
        Assert.False(_state.InStep);
        await _processor.HandleAsync(Definition(1), CancellationToken.None);
        Assert.True(_state.InStep);

        // Reconnecting while a quarantine landed: its ruleset is applied at once, but the view is still epoch 1's.
        _processor.Disconnected();
        Assert.False(_state.InStep);
        _processor.Begin(plantEpoch: 2);
        await _processor.HandleAsync(RulesetMessage("# quarantine\n", 2), CancellationToken.None);
        Assert.Equal("# quarantine\n", _applier.Applied[^1]);
        Assert.Equal((1L, false), (_state.View!.Epoch, _state.InStep));

        await _processor.HandleAsync(IdentityGone(2), CancellationToken.None);
        Assert.Equal((2L, true), (_state.View!.Epoch, _state.InStep));

        // Something that cannot be applied takes it out of step again.
        _applier.Refuse = true;
        var refused = IdentityGone(3);
        refused.Ruleset = RulesetInstallerTests.Ruleset("# refused\n", 3);
        await Assert.ThrowsAsync<RulesetApplyException>(() => _processor.HandleAsync(refused, CancellationToken.None));
        Assert.False(_state.InStep);
    }

    [Fact]
    public async Task A_ruleset_of_another_plant_or_older_than_the_current_one_is_neither_applied_nor_acknowledged()
    {
        await _installer.StartAsync(AgentFleets.Plant, ["control"], "# fail closed\n", CancellationToken.None);
        _processor.Begin(plantEpoch: 1);
        await _processor.HandleAsync(RulesetMessage("# current\n", 1), CancellationToken.None);
        await _processor.HandleAsync(Definition(1), CancellationToken.None);
        await _installer.RestoreAsync(CancellationToken.None); // as the fail-mode monitor does once in step
        var acks = _controlPlane.Acks.Count;

        var otherPlant = IdentityGone(2);
        otherPlant.Ruleset = RulesetInstallerTests.Ruleset("# ZtFleet ruleset: plant other, zones control, epoch 2.\n", 2);
        await Assert.ThrowsAsync<RulesetApplyException>(() => _processor.HandleAsync(otherPlant, CancellationToken.None));
        var older = IdentityGone(2);
        older.Ruleset = RulesetInstallerTests.Ruleset("# older\n", 0);
        await Assert.ThrowsAsync<RulesetApplyException>(() => _processor.HandleAsync(older, CancellationToken.None));

        Assert.Equal(["# fail closed\n", "# current\n"], _applier.Applied);
        Assert.Equal(acks, _controlPlane.Acks.Count);
        Assert.Equal(1, _processor.Snapshot!.Epoch);
    }

    [Fact]
    public async Task A_ruleset_whose_hash_does_not_match_is_not_applied_nor_acknowledged()
    {
        _processor.Begin(plantEpoch: 1);
        var message = RulesetMessage("# tampered\n", 1);
        message.Ruleset.Sha256 = RulesetInstaller.Sha256("# original\n");

        await Assert.ThrowsAsync<RulesetApplyException>(() => _processor.HandleAsync(message, CancellationToken.None));

        Assert.Empty(_applier.Applied);
        Assert.Empty(_controlPlane.Acks);
    }

    [Fact]
    public async Task A_stream_that_does_not_start_with_the_plant_definition_is_refused()
    {
        _processor.Begin(plantEpoch: 1);

        await Assert.ThrowsAsync<InvalidDataException>(() => _processor.HandleAsync(IdentityGone(1), CancellationToken.None));
    }

    private static AgentV1.WatchResponse RulesetMessage(string text, long epoch) => new()
    {
        Epoch = epoch,
        Kind = WatchProcessor.RulesetKind,
        Ruleset = RulesetInstallerTests.Ruleset(text, epoch),
    };

    private static AgentV1.WatchResponse Definition(long epoch)
    {
        var document = AgentFleets.Document(AgentFleets.ReadOnly);
        var delta = new PlantDefinitionChanged(epoch, At, document.Plants.Single(), document.DefinedRoles, document.EffectivePolicy);
        return Message(delta, "plant-definition-changed");
    }

    private static AgentV1.WatchResponse IdentityGone(long epoch) =>
        Message(new IdentityRemoved(epoch, At, IdentityId.Parse("tech")), "identity-removed");

    private static AgentV1.WatchResponse Message(PlantDelta delta, string kind) => new()
    {
        Epoch = delta.Epoch,
        Kind = kind,
        Payload = PlantDeltaJson.Serialize(delta),
        At = Timestamp.FromDateTimeOffset(delta.At),
    };
}
