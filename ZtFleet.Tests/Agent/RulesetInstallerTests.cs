extern alias agent;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Microsoft.Extensions.Logging.Abstractions;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>Rulesets reach the applier only when their text matches their hash, and the last applied is kept on disk.</summary>
public sealed class RulesetInstallerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ztfleet-agent-").FullName;
    private readonly RecordingApplier _applier = new();
    private readonly RulesetInstaller _installer;

    public RulesetInstallerTests() =>
        _installer = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    internal static AgentV1.Ruleset Ruleset(string text, long epoch, string? sha256 = null) => new()
    {
        Format = AgentV1.RulesetFormat.Nftables,
        Text = text,
        Sha256 = sha256 ?? RulesetInstaller.Sha256(text),
        Epoch = epoch,
        ZoneIds = { "control" },
    };

    [Fact]
    public async Task The_applier_receives_the_exact_text_and_the_last_applied_is_kept_readable_by_the_owner_only()
    {
        const string text = "table inet ztfleet\ndelete table inet ztfleet\ntable inet ztfleet {\n}\n";

        var applied = await _installer.InstallAsync(Ruleset(text, 7), CancellationToken.None);

        Assert.Equal([text], _applier.Applied);
        Assert.Equal((7L, RulesetInstaller.Sha256(text)), (applied.Epoch, _installer.AppliedSha256));
        Assert.Equal(text, File.ReadAllText(Path.Combine(_directory, RulesetInstaller.TextFile)));
        Assert.Contains("\"epoch\": 7", File.ReadAllText(Path.Combine(_directory, RulesetInstaller.MetadataFile)), StringComparison.Ordinal);
        Assert.True(FileModes.IsOwnerOnly(Path.Combine(_directory, RulesetInstaller.TextFile)));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task A_text_that_does_not_match_its_hash_is_refused_and_nothing_is_applied()
    {
        await _installer.InstallAsync(Ruleset("# first\n", 1), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<RulesetApplyException>(() =>
            _installer.InstallAsync(Ruleset("# tampered\n", 2, RulesetInstaller.Sha256("# second\n")), CancellationToken.None));

        Assert.Contains("does not match its hash", ex.Message, StringComparison.Ordinal);
        Assert.Equal(["# first\n"], _applier.Applied);
        Assert.Equal(1, _installer.Current!.Epoch);
    }

    [Fact]
    public async Task A_ruleset_the_applier_refuses_leaves_the_previous_one_current()
    {
        await _installer.InstallAsync(Ruleset("# first\n", 1), CancellationToken.None);
        _applier.Refuse = true;

        await Assert.ThrowsAsync<RulesetApplyException>(() => _installer.InstallAsync(Ruleset("# second\n", 2), CancellationToken.None));

        Assert.Equal(RulesetInstaller.Sha256("# first\n"), _installer.AppliedSha256);
        Assert.Equal("# first\n", File.ReadAllText(Path.Combine(_directory, RulesetInstaller.TextFile)));
    }

    [Fact]
    public async Task Fail_closed_replaces_the_ruleset_in_force_and_restore_brings_back_the_last_one()
    {
        await _installer.InstallAsync(Ruleset("# first\n", 1), CancellationToken.None);

        await _installer.FailCloseAsync("# fail closed\n", CancellationToken.None);
        Assert.Equal(string.Empty, _installer.AppliedSha256);
        await _installer.RestoreAsync(CancellationToken.None);

        Assert.Equal(["# first\n", "# fail closed\n", "# first\n"], _applier.Applied);
        Assert.Equal(RulesetInstaller.Sha256("# first\n"), _installer.AppliedSha256);
    }

    [Fact]
    public async Task While_failed_closed_a_new_ruleset_is_recorded_but_not_applied_nor_acknowledged_until_restored()
    {
        await _installer.InstallAsync(Ruleset("# first\n", 1), CancellationToken.None);
        await _installer.FailCloseAsync("# fail closed\n", CancellationToken.None);

        // A reconnecting watch delivers the current ruleset before it has caught up: the hold stays.
        await _installer.InstallAsync(Ruleset("# second\n", 2), CancellationToken.None);

        Assert.Equal(["# first\n", "# fail closed\n"], _applier.Applied);
        Assert.True(_installer.FailedClosed);
        Assert.Equal(string.Empty, _installer.AppliedSha256);
        Assert.Equal(2, _installer.Current!.Epoch);
        Assert.Equal("# second\n", File.ReadAllText(Path.Combine(_directory, RulesetInstaller.TextFile)));

        await _installer.RestoreAsync(CancellationToken.None);
        Assert.Equal(["# first\n", "# fail closed\n", "# second\n"], _applier.Applied);
        Assert.Equal(RulesetInstaller.Sha256("# second\n"), _installer.AppliedSha256);
    }

    [Fact]
    public async Task A_ruleset_for_other_zones_than_the_credentials_is_refused()
    {
        await StartedAsync();
        var other = Ruleset("# hmi\n", 2);
        other.ZoneIds.Clear();
        other.ZoneIds.Add("hmi");

        var ex = await Assert.ThrowsAsync<RulesetApplyException>(() => _installer.InstallAsync(other, CancellationToken.None));

        Assert.Contains("guards zones hmi", ex.Message, StringComparison.Ordinal);
        AssertStillFirst();
    }

    [Fact]
    public async Task A_ruleset_whose_header_names_another_plant_is_refused()
    {
        await StartedAsync();

        var ex = await Assert.ThrowsAsync<RulesetApplyException>(() => _installer.InstallAsync(
            Ruleset("# ZtFleet ruleset: plant other-line, zones control, epoch 2.\ntable inet ztfleet {\n}\n", 2), CancellationToken.None));

        Assert.Contains("plant other-line's", ex.Message, StringComparison.Ordinal);
        AssertStillFirst();

        // The agent's own plant passes.
        await _installer.InstallAsync(Ruleset("# ZtFleet ruleset: plant line, zones control, epoch 2.\n", 2), CancellationToken.None);
        Assert.Equal(2, _installer.Current!.Epoch);
    }

    [Fact]
    public async Task A_ruleset_older_than_the_current_one_is_refused_unless_the_control_plane_is_behind()
    {
        await StartedAsync();

        var ex = await Assert.ThrowsAsync<RulesetApplyException>(() => _installer.InstallAsync(Ruleset("# older\n", 0), CancellationToken.None));

        Assert.Contains("older than the ruleset of epoch 1", ex.Message, StringComparison.Ordinal);
        AssertStillFirst();

        // A restored control plane (its plant epoch behind the ruleset) sends an older one: accepted.
        _installer.AcceptOlder(plantEpoch: 0);
        await _installer.InstallAsync(Ruleset("# older\n", 0), CancellationToken.None);
        Assert.Equal(0, _installer.Current!.Epoch);
    }

    // Started for plant "line", zone control, with "# first" of epoch 1 in force.
    private async Task StartedAsync()
    {
        await _installer.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);
        await _installer.InstallAsync(Ruleset("# first\n", 1), CancellationToken.None); // held closed since the start
        await _installer.RestoreAsync(CancellationToken.None);
        Assert.Equal(["# fail closed\n", "# first\n"], _applier.Applied);
    }

    private void AssertStillFirst()
    {
        Assert.Equal(["# fail closed\n", "# first\n"], _applier.Applied);
        Assert.Equal(RulesetInstaller.Sha256("# first\n"), _installer.AppliedSha256);
        Assert.Equal("# first\n", File.ReadAllText(Path.Combine(_directory, RulesetInstaller.TextFile)));
    }

    [Fact]
    public async Task At_start_the_stored_ruleset_of_the_agents_plant_is_put_back_in_force()
    {
        await _installer.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);
        await _installer.InstallAsync(Ruleset("# before the reboot\n", 4), CancellationToken.None);
        await _installer.RestoreAsync(CancellationToken.None); // held closed since the start until contact was counted

        var restarted = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);
        await restarted.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);

        Assert.Equal(["# fail closed\n", "# before the reboot\n", "# before the reboot\n"], _applier.Applied);
        Assert.Equal((4L, false), (restarted.Current!.Epoch, restarted.FailedClosed));
        Assert.Equal(RulesetInstaller.Sha256("# before the reboot\n"), restarted.AppliedSha256);
    }

    [Fact]
    public async Task At_start_without_a_stored_ruleset_of_the_agents_plant_the_fail_closed_one_is_applied()
    {
        await _installer.StartAsync("other-plant", ["control"], "# fail closed\n", CancellationToken.None);
        await _installer.InstallAsync(Ruleset("# other plant\n", 4), CancellationToken.None);

        var restarted = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);
        await restarted.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);
        Assert.Equal("# fail closed\n", _applier.Applied[^1]);
        Assert.True(restarted.FailedClosed);
        Assert.Null(restarted.Current);

        // The right plant, but a text that no longer matches its recorded hash.
        await _installer.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);
        await _installer.InstallAsync(Ruleset("# line\n", 5), CancellationToken.None);
        File.AppendAllText(Path.Combine(_directory, RulesetInstaller.TextFile), "# appended\n");
        var tampered = new RulesetInstaller(_applier, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);
        await tampered.StartAsync("line", ["control"], "# fail closed\n", CancellationToken.None);
        Assert.True(tampered.FailedClosed);
        Assert.Equal("# fail closed\n", _applier.Applied[^1]);
    }

    [Fact]
    public async Task With_no_nftables_nothing_is_in_force_so_the_acknowledged_hash_is_empty()
    {
        var installer = new RulesetInstaller(new RecordingApplier { PutsInForce = false }, new StateDirectory(_directory), NullLogger<RulesetInstaller>.Instance);

        await installer.InstallAsync(Ruleset("# verified only\n", 3), CancellationToken.None);

        Assert.Equal(string.Empty, installer.AppliedSha256);
        Assert.Equal(3, installer.Current!.Epoch);
        Assert.False(new LoggingApplier(NullLogger<LoggingApplier>.Instance).PutsInForce);
    }

    [Fact]
    public void The_credential_is_stored_readable_by_the_owner_only()
    {
        var store = new CredentialStore(new StateDirectory(_directory));
        store.Save(new StoredCredential("gw-1", "line", ["control"], "secret", null));

        Assert.True(FileModes.IsOwnerOnly(Path.Combine(_directory, CredentialStore.FileName)));
        Assert.Equal("secret", store.Load()!.Credential);
    }
}
