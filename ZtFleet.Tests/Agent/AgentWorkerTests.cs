extern alias agent;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.Hosting;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Agent.Telemetry;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>The whole agent loop (heartbeats, watch, fail mode) against a fake control plane on a fake clock.</summary>
public sealed class AgentWorkerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
    private static readonly string FailClosed = NftablesRuleset.FailClosed(PlantId.Parse(AgentFleets.Plant), [ZoneId.Parse("control")]);

    private readonly string _directory = Directory.CreateTempSubdirectory("ztfleet-agent-").FullName;
    private readonly FakeTimeProvider _time = new(At);
    private readonly FakeControlPlane _controlPlane = new() { PlantEpoch = 1 };
    private readonly RecordingApplier _applier = new();
    private readonly EnforcementState _state = new();
    private AgentWorker _worker = null!;
    private AgentTelemetry _telemetry = null!;

    public async Task InitializeAsync()
    {
        var directory = new StateDirectory(_directory);
        var credentials = new CredentialStore(directory);
        credentials.Save(new StoredCredential("line-gw-1", AgentFleets.Plant, ["control"], "secret", null));
        var options = new AgentOptions
        {
            Api = new Uri("http://127.0.0.1"),
            StateDirectory = _directory,
            Lease = TimeSpan.FromSeconds(30),
            HeartbeatInterval = TimeSpan.FromSeconds(10),
        };
        var buffer = new TelemetryBuffer(100);
        _telemetry = new AgentTelemetry(
            buffer, new TelemetrySender(_controlPlane, buffer, new SequenceStore(directory), new TelemetryOptions(), _time, NullLogger.Instance), null, TimeSpan.Zero);
        _worker = new AgentWorker(
            options, _controlPlane, credentials, new RulesetInstaller(_applier, directory, NullLogger<RulesetInstaller>.Instance), _state,
            new ControlPlaneContact(_time), _time, NullLoggerFactory.Instance, new AgentExit(), new Lifetime(), _telemetry);
        await _worker.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        _worker.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_watch_whose_ruleset_nft_refuses_is_no_contact_although_heartbeats_are_answered_so_the_zone_fails_closed()
    {
        await _controlPlane.Messages.Writer.WriteAsync(RulesetMessage("# epoch 1\n", 1));
        await _controlPlane.Messages.Writer.WriteAsync(Definition(1));
        await UntilAsync(() => _controlPlane.Acks.Contains((1, RulesetInstaller.Sha256("# epoch 1\n"))), "the ack of epoch 1", advance: true);
        Assert.Equal([FailClosed, "# epoch 1\n"], _applier.Applied);

        // Epoch 2 changes the ruleset and nft refuses it; every new stream starts with it and fails again.
        _applier.RefuseContaining = "# epoch 2";
        _controlPlane.PlantEpoch = 2;
        var changed = Definition(2);
        changed.Ruleset = RulesetInstallerTests.Ruleset("# epoch 2\n", 2);
        await _controlPlane.Messages.Writer.WriteAsync(changed);
        // (Up to a few seconds passed since the last contact while the restore was awaited.)
        for (var second = 0; second < 26; second++)
        {
            await _controlPlane.Messages.Writer.WriteAsync(RulesetMessage("# epoch 2\n", 2));
            await AdvanceAsync(TimeSpan.FromSeconds(1));
        }

        Assert.False(_state.FailedClosed);
        await AdvanceAsync(TimeSpan.FromSeconds(5));
        await UntilAsync(() => _state.FailedClosed && _applier.Applied[^1] == FailClosed, "fail-closed after the lease");
        Assert.Contains(_controlPlane.Requests.Skip(1), request => request.SinceEpoch == 1);
    }

    [Fact]
    public async Task Failed_closed_the_agent_applies_no_ruleset_a_reconnecting_watch_delivers_until_it_has_caught_up()
    {
        // Nothing stored: fail-closed at start; no contact for the lease, so the monitor fails closed.
        await AdvanceAsync(TimeSpan.FromSeconds(31));
        await UntilAsync(() => _state.FailedClosed, "fail-closed after the lease", advance: true);

        // Every reconnect delivers the current ruleset, then the stream breaks before the agent catches up.
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var streams = _controlPlane.Requests.Count;
            await _controlPlane.Messages.Writer.WriteAsync(RulesetMessage("# epoch 1\n", 1));
            await _controlPlane.Messages.Writer.WriteAsync(new AgentV1.WatchResponse { Kind = FakeControlPlane.BreakKind });
            await UntilAsync(() => _controlPlane.Requests.Count > streams, "a new stream", advance: true);
            await AdvanceAsync(TimeSpan.FromSeconds(2));
        }

        Assert.All(_applier.Applied, text => Assert.Equal(FailClosed, text));
        Assert.All(_controlPlane.Acks, ack => Assert.Equal(string.Empty, ack.Sha256));
        Assert.True(_state.FailedClosed);

        // Caught up at last: contact counts again, the newest ruleset is put back in force and its hash acknowledged.
        await _controlPlane.Messages.Writer.WriteAsync(RulesetMessage("# epoch 1\n", 1));
        await _controlPlane.Messages.Writer.WriteAsync(Definition(1));
        await UntilAsync(() => _controlPlane.Acks.Contains((1, RulesetInstaller.Sha256("# epoch 1\n"))), "the ack of the restored ruleset", advance: true);
        Assert.Equal("# epoch 1\n", _applier.Applied[^1]);
        Assert.False(_state.FailedClosed);
    }

    [Fact]
    public async Task A_reconnect_resumes_from_the_epoch_it_enforces_and_a_gap_starts_over_from_epoch_zero()
    {
        await _controlPlane.Messages.Writer.WriteAsync(RulesetMessage("# epoch 1\n", 1));
        await _controlPlane.Messages.Writer.WriteAsync(Definition(1));
        await UntilAsync(() => _controlPlane.Acks.Count == 1, "the ack of epoch 1");

        await _controlPlane.Messages.Writer.WriteAsync(new AgentV1.WatchResponse { Kind = FakeControlPlane.BreakKind });
        await UntilAsync(() => _controlPlane.Requests.Count == 2, "a second stream", advance: true);
        Assert.Equal(1, _controlPlane.Requests[1].SinceEpoch);

        _controlPlane.PlantEpoch = 3;
        await _controlPlane.Messages.Writer.WriteAsync(IdentityGone(3));
        await UntilAsync(() => _controlPlane.Requests.Count == 3, "a third stream", advance: true);
        Assert.Equal(0, _controlPlane.Requests[2].SinceEpoch);
        Assert.Equal(1, _state.View!.Epoch);
    }

    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var step = TimeSpan.Zero; step < by; step += TimeSpan.FromMilliseconds(500))
        {
            _time.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(15);
        }
    }

    [Fact]
    public async Task What_the_agent_reports_is_sent_for_its_credentials_plant()
    {
        _telemetry.Buffer.Add(TelemetrySenderTests.Event(502));

        await UntilAsync(() => _controlPlane.Accepted.Count == 1, "the reported event", advance: true);
        var batch = Assert.Single(_controlPlane.Batches);
        Assert.Equal((AgentFleets.Plant, 1UL), (batch.PlantId, batch.Sequence));
    }

    private async Task UntilAsync(Func<bool> done, string what, bool advance = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited in vain for {what}; applied: {string.Join(" | ", _applier.Applied)}");
            if (advance)
            {
                _time.Advance(TimeSpan.FromMilliseconds(500));
            }

            await Task.Delay(15);
        }
    }

    private static AgentV1.WatchResponse RulesetMessage(string text, long epoch) => new()
    {
        Epoch = epoch,
        Kind = agent::ZtFleet.Agent.Enforcement.WatchProcessor.RulesetKind,
        Ruleset = RulesetInstallerTests.Ruleset(text, epoch),
    };

    private static AgentV1.WatchResponse Definition(long epoch)
    {
        var document = AgentFleets.Document(AgentFleets.ReadOnly);
        return Message(new PlantDefinitionChanged(epoch, At, document.Plants.Single(), document.DefinedRoles, document.EffectivePolicy), "plant-definition-changed");
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

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
