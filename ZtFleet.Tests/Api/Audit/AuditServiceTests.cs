using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;
using Domain = ZtFleet.Policy.Audit;

namespace ZtFleet.Tests.Api.Audit;

/// <summary>
/// AuditService through the real API (memory mode, a signing key configured): listing with filters and paging, who
/// sees which scope, verification, signed checkpoints checked by the real <c>openssl</c> and by the documented
/// script, and routine denials reaching the chain through the batched writer.
/// </summary>
public sealed class AuditServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("ztfleet-audit-").FullName;
    private readonly ApiServer _server;

    public AuditServiceTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_folder, "signing.pem");
        File.WriteAllText(path, key.ExportECPrivateKeyPem());
        _server = new ApiServer
        {
            ConfigureSilo = silo => silo.Services.Configure<AuditCheckpointOptions>(o => o.SigningKey = path),
        };
    }

    private AuditService.AuditServiceClient Audit => new(_server.Channel);

    private IClusterClient Cluster => _server.ApiServices.GetRequiredService<IClusterClient>();

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Records_are_listed_newest_first_by_default_with_every_field_and_filtered_and_paged()
    {
        await AppendAsync("lyon", 7);

        var first = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "lyon", PageSize = 3 }, _server.As(Role.Auditor));
        var second = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "lyon", PageSize = 3, PageToken = first.NextPageToken }, _server.As(Role.Auditor));
        var oldest = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "lyon", OldestFirst = true, PageSize = 2 }, _server.As(Role.Auditor));
        var filtered = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest
        {
            Scope = "lyon",
            Actor = "alice",
            ActionPrefix = "test.od",
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(At.AddSeconds(2)),
        }, _server.As(Role.Auditor));
        var byTarget = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "lyon", Target = "asset-4" }, _server.As(Role.Auditor));

        Assert.Equal([7L, 6L, 5L], first.Records.Select(r => r.Sequence));
        Assert.Equal([4L, 3L, 2L], second.Records.Select(r => r.Sequence));
        Assert.Equal([1L, 2L], oldest.Records.Select(r => r.Sequence));
        Assert.Equal([7L, 5L, 3L], filtered.Records.Select(r => r.Sequence));
        Assert.Equal([4L], byTarget.Records.Select(r => r.Sequence));
        var record = oldest.Records[1];
        Assert.Equal(("lyon", "lyon", "bob (auditor)", "test.even", "asset-2", "done", """{"n":2}"""),
            (record.Scope, record.PlantId, record.Actor, record.Action, record.Target, record.Outcome, record.Detail));
        Assert.Equal(oldest.Records[0].Hash, record.PreviousHash);
        Assert.Equal(new string('0', 64), oldest.Records[0].PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", record.Hash);
        Assert.Equal(At.AddSeconds(2), record.At.ToDateTimeOffset());
    }

    [Fact]
    public async Task Plant_admins_see_their_plants_scope_only_auditors_and_fleet_admins_see_every_scope()
    {
        await AppendAsync("lyon", 1);
        await AppendAsync(IAuditGrain.FleetScope, 1);
        var lyon = new ListAuditRecordsRequest { Scope = "lyon" };
        var fleet = new ListAuditRecordsRequest { Scope = "fleet" };

        Assert.Single((await Audit.ListAuditRecordsAsync(lyon, _server.As(Role.PlantAdmin, "lyon"))).Records);
        Assert.Single((await Audit.ListAuditRecordsAsync(fleet, _server.As(Role.Auditor))).Records);
        Assert.Single((await Audit.ListAuditRecordsAsync(fleet, _server.As(Role.FleetAdmin))).Records);
        var otherPlant = await Assert.ThrowsAsync<RpcException>(() => Audit.ListAuditRecordsAsync(lyon, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);
        var fleetScope = await Assert.ThrowsAsync<RpcException>(() => Audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Scope = "fleet" }, _server.As(Role.PlantAdmin, "lyon")).ResponseAsync);
        var approver = await Assert.ThrowsAsync<RpcException>(() => Audit.ListAuditCheckpointsAsync(new ListAuditCheckpointsRequest { Scope = "lyon" }, _server.As(Role.Approver, "lyon")).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, otherPlant.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, fleetScope.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, approver.StatusCode);
    }

    [Fact]
    public async Task An_intact_chain_verifies_with_its_checkpoints_and_a_checkpoint_is_skipped_while_the_head_has_not_moved()
    {
        await AppendAsync("lyon", 3);
        var grain = Cluster.GetGrain<IAuditGrain>("lyon");
        var first = await grain.CheckpointAsync();
        var again = await grain.CheckpointAsync();
        await AppendAsync("lyon", 2);
        var moved = await grain.CheckpointAsync();

        var verification = await Audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Scope = "lyon" }, _server.As(Role.Auditor));
        var listed = await Audit.ListAuditCheckpointsAsync(new ListAuditCheckpointsRequest { Scope = "lyon" }, _server.As(Role.PlantAdmin, "lyon"));

        Assert.Equal((3L, 3L, 5L), (first!.Sequence, again!.Sequence, moved!.Sequence));
        Assert.True(verification.Intact, verification.Explanation);
        Assert.Equal((1L, 5L, 5L, AuditBreakReason.Unspecified), (verification.FromSequence, verification.ToSequence, verification.Checked, verification.Reason));
        Assert.Equal([(3L, true), (5L, true)], verification.Checkpoints.Select(c => (c.Checkpoint.Sequence, c.SignatureValid)));
        Assert.Equal([3L, 5L], listed.Checkpoints.Select(c => c.Sequence));
        Assert.Equal(Domain.AuditCheckpoints.EcdsaP256Sha256, listed.Algorithm);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", listed.PublicKeyPem, StringComparison.Ordinal);
        Assert.Equal(listed.KeyId, listed.Checkpoints[0].KeyId);
        Assert.StartsWith("ztfleet-audit-checkpoint v1\nlyon\n3\n", listed.Checkpoints[0].Payload, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task An_exported_checkpoint_verifies_with_openssl_and_a_changed_payload_does_not()
    {
        var openssl = HostPrerequisite.FindProgram("openssl");
        HostPrerequisite.Require(openssl is null ? "openssl is not installed (apt-get install openssl)" : null);
        await AppendAsync("lyon", 4);
        await Cluster.GetGrain<IAuditGrain>("lyon").CheckpointAsync();

        var export = await Audit.ExportAuditCheckpointsAsync(new ExportAuditCheckpointsRequest { Scope = "lyon" }, _server.As(Role.Auditor));
        using var document = JsonDocument.Parse(export.Document);
        var checkpoint = document.RootElement.GetProperty("checkpoints")[0];
        var payload = Path.Combine(_folder, "payload.txt");
        var signature = Path.Combine(_folder, "sig.bin");
        var publicKey = Path.Combine(_folder, "pub.pem");
        await File.WriteAllBytesAsync(payload, Encoding.UTF8.GetBytes(checkpoint.GetProperty("payload").GetString()!));
        await File.WriteAllBytesAsync(signature, Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!));
        await File.WriteAllTextAsync(publicKey, document.RootElement.GetProperty("signingKey").GetProperty("publicKeyPem").GetString());

        var verified = await RunAsync(openssl!, "dgst", "-sha256", "-verify", publicKey, "-signature", signature, payload);
        await File.WriteAllTextAsync(payload, checkpoint.GetProperty("payload").GetString()!.Replace("\n4\n", "\n3\n", StringComparison.Ordinal));
        var changed = await RunAsync(openssl!, "dgst", "-sha256", "-verify", publicKey, "-signature", signature, payload);

        Assert.Equal((0, "Verified OK"), (verified.Exit, verified.Output.Trim()));
        Assert.NotEqual(0, changed.Exit);
        Assert.Equal((0L, 1L, 4L), (export.Records, export.Checkpoints, export.ToSequence));
        Assert.Equal("ztfleet-audit-export v1", document.RootElement.GetProperty("format").GetString());
    }

    [SkippableFact]
    public async Task The_documented_script_recomputes_an_exported_copy_and_names_a_changed_record()
    {
        var python = HostPrerequisite.FindProgram("python3");
        var openssl = HostPrerequisite.FindProgram("openssl");
        HostPrerequisite.Require(python is null ? "python3 is not installed" : openssl is null ? "openssl is not installed" : null);
        await AppendAsync("lyon", 6);
        await Cluster.GetGrain<IAuditGrain>("lyon").CheckpointAsync();
        var export = await Audit.ExportAuditCheckpointsAsync(new ExportAuditCheckpointsRequest { Scope = "lyon", IncludeRecords = true }, _server.As(Role.Auditor));
        var copy = Path.Combine(_folder, "export.json");
        await File.WriteAllTextAsync(copy, export.Document);
        var script = Path.Combine(AppContext.BaseDirectory, "audit-verify.py");

        var intact = await RunAsync(python!, script, copy);
        var tampered = System.Text.Json.Nodes.JsonNode.Parse(export.Document)!;
        tampered["records"]![3]!["detail"] = """{"n":40}""";
        await File.WriteAllTextAsync(copy, tampered.ToJsonString());
        var changed = await RunAsync(python!, script, copy);

        Assert.Equal(6L, export.Records);
        Assert.True(intact.Exit == 0, intact.Output);
        Assert.Contains("intact: records 1 to 6", intact.Output, StringComparison.Ordinal);
        Assert.Contains("checkpoint 6: signature verified", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, changed.Exit);
        Assert.Contains("record 4: content changed", changed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routine_denials_reach_the_plants_chain_in_batches_identical_ones_within_a_second_counted()
    {
        await _server.ApplyAsync(TestFleets.TwoPlants);
        var decisions = new DecisionService.DecisionServiceClient(_server.Channel);
        var ghost = new CheckRequest { PlantId = "berlin", IdentityId = "ghost", ZoneId = "cell-1", Operation = Operation.View };
        for (var i = 0; i < 5; i++)
        {
            var decision = (await decisions.CheckAsync(ghost, _server.AsSubject("hmi-7", Role.FleetAdmin))).Decision;
            Assert.Equal((false, "unknown-identity"), (decision.Allow, decision.Reason));
        }

        var denials = _server.ApiServices.GetRequiredService<DenialAudit>();
        await denials.FlushAsync();

        var records = await Audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = DenialAudit.DenyAction }, _server.As(Role.Auditor));
        var counted = records.Records.Sum(r => JsonDocument.Parse(r.Detail).RootElement.GetProperty("count").GetInt64());
        Assert.Equal(5L, counted);
        Assert.InRange(records.Records.Count, 1, 2);
        Assert.All(records.Records, r => Assert.Equal(("hmi-7 (fleet-admin)", "ghost->cell-1", "denied"), (r.Actor, r.Target, r.Outcome)));
        Assert.True((await Audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Scope = "berlin" }, _server.As(Role.Auditor))).Intact);
    }

    private async Task AppendAsync(string scope, int count)
    {
        var grain = Cluster.GetGrain<IAuditGrain>(scope);
        var head = (await grain.GetHeadAsync()).Sequence;
        var entries = Enumerable.Range((int)head + 1, count)
            .Select(i => new Domain.AuditEntry(scope == IAuditGrain.FleetScope ? null : scope, At.AddSeconds(i), i % 2 == 0 ? "bob (auditor)" : "alice (plant-admin)",
                i % 2 == 0 ? "test.even" : "test.odd", $"asset-{i}", "done", $$"""{"n":{{i}}}"""))
            .ToList();
        await grain.AppendBatchAsync(entries);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
