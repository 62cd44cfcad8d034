using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Streams;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Identities;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;
using PlantEpoch = ZtFleet.Api.V1.PlantEpoch;

namespace ZtFleet.Tests.Api.Mfa;

/// <summary>
/// Guessing TOTP codes through the real AccessService: refused codes lock the identity out of TOTP for a growing
/// time, the lockout is audited and published, and break-glass keeps working. Also where an enforcement point may
/// assert MFA and where that MFA counts. Fake clock throughout.
/// </summary>
public sealed class TotpLockoutTests : IAsyncLifetime
{
    /// <summary>Thursday 26 November 2026, 22:30 in Berlin: inside jdoe's night shift.</summary>
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 21, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public TotpLockoutTests() => _server = new ApiServer(_time);

    private AccessService.AccessServiceClient Access => new(_server.Channel);

    private DecisionService.DecisionServiceClient Decisions => new(_server.Channel);

    private IClusterClient Cluster => _server.ApiServices.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Five_refused_codes_lock_totp_out_and_a_right_code_is_refused_until_the_lockout_ends()
    {
        var app = await EnrollAsync("vendor-tech");

        for (var i = 0; i < 4; i++)
        {
            var wrong = await RefusedAsync("vendor-tech", app.Wrong(i));
            Assert.Equal(StatusCode.InvalidArgument, wrong.StatusCode);
            Assert.Contains("wrong-code", wrong.Status.Detail, StringComparison.Ordinal);
        }

        var fifth = await RefusedAsync("vendor-tech", app.Wrong(4));
        var until = _time.GetUtcNow().AddMinutes(1);
        Assert.Equal(StatusCode.ResourceExhausted, fifth.StatusCode);
        Assert.Contains($"until {until.ToString("O", CultureInfo.InvariantCulture)}", fifth.Status.Detail, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(59));
        var right = await RefusedAsync("vendor-tech", app.Right());
        Assert.Equal(StatusCode.ResourceExhausted, right.StatusCode);
        Assert.Contains("locked out of TOTP", right.Status.Detail, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromSeconds(1));
        var accepted = await AssertAsync("vendor-tech", app.Right());
        Assert.Equal("totp", accepted.Method);
    }

    [Fact]
    public async Task An_admin_of_every_plant_of_the_person_clears_a_lockout_early_and_it_is_audited()
    {
        var app = await EnrollAsync("vendor-tech");
        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync("vendor-tech", app.Wrong(i));
        }

        // vendor-tech works at Berlin and Austin: an admin of Berlin alone may not lift what holds at both.
        var berlinOnly = await Assert.ThrowsAsync<RpcException>(() => Access.ClearTotpLockoutAsync(
            new ClearTotpLockoutRequest { IdentityId = "vendor-tech", Reason = "helpdesk verified" }, _server.AsSubject("anna", Role.PlantAdmin, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, berlinOnly.StatusCode);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Access.ClearTotpLockoutAsync(
            new ClearTotpLockoutRequest { IdentityId = "vendor-tech" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);

        var cleared = await Access.ClearTotpLockoutAsync(
            new ClearTotpLockoutRequest { IdentityId = "vendor-tech", Reason = "helpdesk verified, ticket 4711" }, _server.As(Role.FleetAdmin));
        Assert.True(cleared.WasLockedOut);
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), cleared.LockedUntil.ToDateTimeOffset());
        Assert.Equal("totp", (await AssertAsync("vendor-tech", app.Right())).Method);

        var records = await Cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        Assert.Contains(records, r => r.Entry.Action == "mfa.lockout-cleared" && r.Entry.Target == "vendor-tech" && r.Entry.Detail.Contains("ticket 4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Concurrent_guesses_from_many_callers_are_counted_as_one_sequence()
    {
        var app = await EnrollAsync("vendor-tech");

        // As in the report: 32 callers at once, each with its own credential; the grain sees one sequence of guesses.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
            Assert.ThrowsAsync<RpcException>(() => Access.AssertMfaAsync(
                new AssertMfaRequest { IdentityId = "vendor-tech", TotpCode = app.Wrong(i) },
                _server.AsSubject($"attacker-{i % 32}", Role.FleetAdmin)).ResponseAsync))));

        Assert.Equal(4, outcomes.Count(o => o.StatusCode == StatusCode.InvalidArgument));
        Assert.Equal(60, outcomes.Count(o => o.StatusCode == StatusCode.ResourceExhausted));
        Assert.Equal(StatusCode.ResourceExhausted, (await RefusedAsync("vendor-tech", app.Right())).StatusCode);
    }

    [Fact]
    public async Task Each_lockout_lasts_twice_as_long_as_the_one_before_and_a_success_starts_over()
    {
        var app = await EnrollAsync("vendor-tech");
        var lengths = new List<TimeSpan>();
        for (var lockout = 0; lockout < 3; lockout++)
        {
            var until = await LockOutAsync("vendor-tech", app);
            lengths.Add(until - _time.GetUtcNow());
            _time.SetUtcNow(until);
        }

        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)], lengths);

        await AssertAsync("vendor-tech", app.Right());
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromMinutes(1), await LockOutAsync("vendor-tech", app) - _time.GetUtcNow());
    }

    [Fact]
    public async Task A_replayed_code_is_refused_as_invalid_and_counts_as_a_refused_code()
    {
        var app = await EnrollAsync("vendor-tech");
        var code = app.Right();
        await AssertAsync("vendor-tech", code);

        var replay = await RefusedAsync("vendor-tech", code);
        Assert.Equal(StatusCode.InvalidArgument, replay.StatusCode);
        Assert.Contains("replayed", replay.Status.Detail, StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            await RefusedAsync("vendor-tech", app.Wrong(i));
        }

        Assert.Equal(StatusCode.ResourceExhausted, (await RefusedAsync("vendor-tech", code)).StatusCode);
    }

    [Fact]
    public async Task A_malformed_code_is_refused_without_counting()
    {
        await EnrollAsync("vendor-tech");

        for (var i = 0; i < 10; i++)
        {
            var malformed = await RefusedAsync("vendor-tech", "12345x");
            Assert.Equal(StatusCode.InvalidArgument, malformed.StatusCode);
            Assert.Contains("malformed", malformed.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_lockout_is_audited_and_published_as_a_security_event()
    {
        var app = await EnrollAsync("vendor-tech");
        var published = new TaskCompletionSource<MfaLockoutEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await SecurityEventStreams.MfaLockoutsOf(Cluster).SubscribeAsync((e, _) =>
        {
            published.TrySetResult(e);
            return Task.CompletedTask;
        });

        var until = await LockOutAsync("vendor-tech", app);

        var lockout = await published.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await subscription.UnsubscribeAsync();
        Assert.Equal(("vendor-tech", "totp", 5, 1, until), (lockout.Identity.Value, lockout.Factor, lockout.Failures, lockout.Lockout, lockout.Until));
        Assert.Equal(["austin", "berlin"], lockout.Plants.Select(p => p.Value).Order());
        Assert.StartsWith("test-FleetAdmin", lockout.Source, StringComparison.Ordinal);

        var audit = await Cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        var record = Assert.Single(audit, r => r.Entry.Action == "mfa.lockout");
        Assert.Equal(("vendor-tech", "locked-out"), (record.Entry.Target, record.Entry.Outcome));
        Assert.Contains(until.ToString("O", CultureInfo.InvariantCulture)[..19], record.Entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Break_glass_keeps_working_while_an_identity_is_locked_out_of_totp()
    {
        var app = await EnrollAsync("jdoe");
        await LockOutAsync("jdoe", app);

        var emergency = await Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "sis-1", Operation = Operation.Operate, Emergency = true },
            _server.As(Role.FleetAdmin));
        var normal = await Decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.Operate },
            _server.As(Role.FleetAdmin));

        Assert.True(emergency.Decision.Allow, emergency.Decision.Reason);
        Assert.Equal("break-glass", emergency.Decision.Reason);
        Assert.True(normal.Decision.Allow, normal.Decision.Reason);
    }

    [Fact]
    public async Task A_point_of_one_plant_cannot_assert_mfa_for_someone_only_at_another_and_learns_nothing()
    {
        var app = await EnrollAsync("jdoe");
        var austin = await EnforcementPoint.EnrollAsync(_server, "gw-austin", "austin");
        var berlin = await EnforcementPoint.EnrollAsync(_server, "gw-berlin", "berlin");

        // Enrolled, unknown and right or wrong codes all look the same from Austin; none counts against jdoe.
        foreach (var (identity, code) in new[] { ("jdoe", app.Wrong(0)), ("jdoe", app.Wrong(1)), ("jdoe", app.Wrong(2)), ("jdoe", app.Wrong(3)), ("jdoe", app.Wrong(4)), ("jdoe", app.Right()), ("nobody", "123456") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = identity, TotpCode = code }, austin.Credential).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        }

        var recorded = await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = "jdoe", TotpCode = app.Right() }, berlin.Credential);
        Assert.Equal(["berlin"], recorded.Epochs.Select(e => e.PlantId));
    }

    [Fact]
    public async Task Mfa_asserted_by_a_point_counts_at_its_plant_only_and_an_administrator_s_everywhere()
    {
        var app = await EnrollAsync("vendor-tech");
        var berlin = await EnforcementPoint.EnrollAsync(_server, "gw-berlin", "berlin");

        var atBerlin = await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = "vendor-tech", TotpCode = app.Right() }, berlin.Credential);

        Assert.Equal(["berlin"], atBerlin.Epochs.Select(e => e.PlantId));
        Assert.True((await ViewAsync("berlin", "plc-1", atBerlin.Epochs)).Allow);
        var austin = await ViewAsync("austin", "plc-a1", []);
        Assert.False(austin.Allow);
        Assert.Equal("mfa-required", austin.Reason);

        _time.Advance(TimeSpan.FromSeconds(30));
        var everywhere = await AssertAsync("vendor-tech", app.Right());
        Assert.Equal(["austin", "berlin"], everywhere.Epochs.Select(e => e.PlantId).Order());
        Assert.True((await ViewAsync("austin", "plc-a1", everywhere.Epochs)).Allow);
    }

    private Task<TotpCodes> EnrollAsync(string identity) => TotpCodes.EnrollAsync(Access, identity, _server.As(Role.FleetAdmin), _time);

    private async Task<AssertMfaResponse> AssertAsync(string identity, string code) =>
        await Access.AssertMfaAsync(new AssertMfaRequest { IdentityId = identity, TotpCode = code }, _server.As(Role.FleetAdmin));

    private async Task<RpcException> RefusedAsync(string identity, string code) =>
        await Assert.ThrowsAsync<RpcException>(() => AssertAsync(identity, code));

    /// <summary>Five wrong codes; returns the end of the lockout the fifth started.</summary>
    private async Task<DateTimeOffset> LockOutAsync(string identity, TotpCodes app)
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(StatusCode.InvalidArgument, (await RefusedAsync(identity, app.Wrong(i))).StatusCode);
        }

        var locked = await RefusedAsync(identity, app.Wrong(4));
        Assert.Equal(StatusCode.ResourceExhausted, locked.StatusCode);
        var at = locked.Status.Detail.IndexOf("until ", StringComparison.Ordinal) + "until ".Length;
        return DateTimeOffset.Parse(locked.Status.Detail[at..locked.Status.Detail.IndexOf(';', at)], CultureInfo.InvariantCulture);
    }

    private async Task<Decision> ViewAsync(string plant, string asset, IEnumerable<PlantEpoch> epochs) =>
        (await Decisions.CheckAsync(
            new CheckRequest
            {
                PlantId = plant,
                IdentityId = "vendor-tech",
                AssetId = asset,
                Operation = Operation.View,
                AtLeastEpoch = epochs.FirstOrDefault(e => e.PlantId == plant)?.Epoch ?? 0,
            },
            _server.As(Role.FleetAdmin))).Decision;
}
