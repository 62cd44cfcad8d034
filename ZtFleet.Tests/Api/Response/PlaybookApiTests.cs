using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Response;

/// <summary>
/// The <c>response:</c> section through <c>FleetService</c>: bad playbooks refused at apply with a gRPC field
/// violation each, the dry run's diff, who may declare and read playbooks, and <c>ExportPlaybooks</c> (CACAO 2.0).
/// </summary>
public sealed class PlaybookApiTests : IAsyncLifetime
{
    private const string GoodKey = "base64:mG/WTbEpI4iwKjLXcuJIGhiqbsL9YHiuj+CIiqBq/I8=";

    /// <summary>
    /// Three playbooks over <see cref="TestFleets.TwoPlants"/>: automatic write restriction on PLCs at both plants,
    /// recommendations for identities, and an alert scoped to Austin.
    /// </summary>
    private const string Response = """

        response:
          correlationWindowMinutes: 60
          autoActionsPerHour: 10
          playbooks:
            - id: contain-unexpected-writes
              trigger: { detections: [function-code-outside-baseline, refused-write], minSeverity: high, zoneKinds: [ot-control], assetTypes: [plc] }
              steps:
                - { kind: alert, impact: 0 }
                - { kind: restrict-writes, impact: 40, mode: auto, revertAfterMinutes: 30 }
                - { kind: webhook, impact: 0, mode: auto, url: "http://localhost:9/hook" }
            - id: vendor-account-abuse
              trigger: { detections: [mfa-failure-burst], minSeverity: medium, incident: [cross-plant] }
              steps:
                - { kind: step-up-mfa, impact: 10, revertAfterMinutes: 60 }
            - id: austin-alert
              trigger: { detections: [new-talker], minSeverity: low, plants: [austin] }
              steps:
                - { kind: alert, impact: 0 }
        """;

    /// <summary>One playbook per kind of bad input of issue 11 point 6, and the field each must be reported on.</summary>
    private const string Bad = """

        response:
          playbooks:
            - id: isolate-anything
              trigger: { detections: [scanning], minSeverity: high }
              steps:
                - { kind: isolate, impact: 80, mode: auto, revertAfterMinutes: 30 }
            - id: lock-forever
              trigger: { detections: [lockout], minSeverity: high }
              steps:
                - { kind: lock, impact: 30, mode: auto }
            - id: fires-never
              trigger: { minSeverity: high }
              steps:
                - { kind: alert, impact: 0 }
            - id: unknown-step
              trigger: { detections: [scanning], minSeverity: high }
              steps:
                - { kind: reboot, impact: 0 }
            - id: plain-http
              trigger: { detections: [scanning], minSeverity: high }
              steps:
                - { kind: webhook, impact: 0, url: "http://soar.example.com/hook" }
        """;

    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_dry_run_with_bad_playbooks_is_refused_with_a_field_violation_each()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants + Bad, DryRun = true }, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field.Split(" (line")[0]).ToList();
        Assert.Contains("response.playbooks[isolate-anything].steps[#0].mode", fields);
        Assert.Contains("response.playbooks[lock-forever].steps[#0].revertAfterMinutes", fields);
        Assert.Contains("response.playbooks[fires-never].trigger", fields);
        Assert.Contains("response.playbooks[unknown-step].steps[#0].kind", fields);

        // The test server runs in Development: a plain-HTTP webhook is accepted there (and only there).
        Assert.DoesNotContain("response.playbooks[plain-http].steps[#0].url", fields);
        Assert.Equal(4, fields.Count);
    }

    [Fact]
    public async Task Outside_development_a_plain_http_webhook_is_refused()
    {
        await using var production = new ApiServer { EnvironmentName = "Production", ApiSigningKey = GoodKey };
        await production.InitializeAsync();
        var client = new FleetService.FleetServiceClient(production.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants + Response, DryRun = true }, production.As(Role.FleetAdmin)).ResponseAsync);

        Assert.True(ex.GetRpcStatus()?.GetDetail<BadRequest>() is not null, $"{ex.StatusCode}: {ex.Status.Detail}");
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.StartsWith("response.playbooks[contain-unexpected-writes].steps[#2].url", violation.Field, StringComparison.Ordinal);
        Assert.Contains("HTTPS", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Playbooks_are_previewed_applied_exported_as_cacao_and_read_per_plant()
    {
        var document = TestFleets.TwoPlants + Response;
        var preview = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = document, DryRun = true }, _server.As(Role.FleetAdmin));
        Assert.Equal(
            ["austin-alert", "contain-unexpected-writes", "vendor-account-abuse"],
            preview.Changes.Where(c => c.Kind == EntityKind.Playbook && c.Change == ChangeKind.Added).Select(c => c.Id));

        // Playbooks act across plants: a plant admin may not declare them.
        var denied = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants[..TestFleets.TwoPlants.IndexOf("identities:", StringComparison.Ordinal)] + Response }, _server.As(Role.PlantAdmin, "berlin", "austin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = document }, _server.As(Role.FleetAdmin));

        var all = await Client.ExportPlaybooksAsync(new ExportPlaybooksRequest(), _server.As(Role.Auditor));
        Assert.Equal(["austin-alert", "contain-unexpected-writes", "vendor-account-abuse"], all.Playbooks.Select(p => p.PlaybookId));
        var cacao = JsonNode.Parse(all.Playbooks[1].Json)!;
        Assert.Equal("cacao-2.0", (string?)cacao["spec_version"]);
        Assert.Equal(all.Playbooks[1].CacaoId, (string?)cacao["id"]);

        var berlin = await Client.ExportPlaybooksAsync(new ExportPlaybooksRequest(), _server.As(Role.PlantAdmin, "berlin"));
        Assert.Equal(["contain-unexpected-writes", "vendor-account-abuse"], berlin.Playbooks.Select(p => p.PlaybookId));
        var hidden = await Assert.ThrowsAsync<RpcException>(() => Client.ExportPlaybooksAsync(
            new ExportPlaybooksRequest { PlaybookId = "austin-alert" }, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, hidden.StatusCode);
        var one = await Client.ExportPlaybooksAsync(new ExportPlaybooksRequest { PlaybookId = "austin-alert" }, _server.As(Role.PlantAdmin, "austin"));
        Assert.Single(one.Playbooks);
        var approver = await Assert.ThrowsAsync<RpcException>(() => Client.ExportPlaybooksAsync(new ExportPlaybooksRequest(), _server.As(Role.Approver, "berlin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, approver.StatusCode);

        var exported = await Client.ExportFleetAsync(new ExportFleetRequest(), _server.As(Role.FleetAdmin));
        Assert.Contains("id: contain-unexpected-writes", exported.Document, StringComparison.Ordinal);
        var berlinExport = await Client.ExportFleetAsync(new ExportFleetRequest(), _server.As(Role.PlantAdmin, "berlin"));
        Assert.DoesNotContain("austin-alert", berlinExport.Document, StringComparison.Ordinal);
    }
}
