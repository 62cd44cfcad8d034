using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Compliance;

/// <summary>
/// The <c>compliance:</c> section through <c>FleetService</c>: bad attestations refused with field violations, the dry
/// run lists attestations, only fleet admins declare them, and a plant admin's export shows its plants' only.
/// </summary>
public sealed class AttestationApiTests : IAsyncLifetime
{
    private const string Compliance = """

        compliance:
          attestations:
            - { requirement: SR 7.5, plant: berlin, zone: cell-1, by: facility@acme.example, at: 2026-10-01, evidence: UPS test FM-113, expires: 2027-10-01 }
            - { requirement: SR 7.3, plant: austin, by: ot@acme.example, at: 2026-10-02, evidence: Backup restore test OT-9 }
            - { requirement: A.8.17, by: it@acme.example, at: 2026-09-15, evidence: NTP design IT-77 }
        """;

    private const string Bad = """

        compliance:
          attestations:
            - { requirement: SR 9.9, plant: berlin, by: a, at: 2026-10-01, evidence: e }
            - { requirement: SR 7.5, plant: berlin, zone: nowhere, by: a, at: 2026-10-01, evidence: e }
            - { requirement: SR 7.5, plant: berlin, by: a, at: 2026-10-01, evidence: e, expires: 2026-01-01 }
        """;

    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Bad_attestations_are_refused_with_a_field_violation_each()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants + Bad, DryRun = true }, _server.As(Role.FleetAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field.Split(" (line")[0]).ToList();
        Assert.Equal(
            ["compliance.attestations[#0].requirement", "compliance.attestations[#1].zone", "compliance.attestations[#2].expires"],
            fields);
    }

    [Fact]
    public async Task Attestations_are_previewed_declared_by_fleet_admins_only_and_exported_per_scope()
    {
        var document = TestFleets.TwoPlants + Compliance;
        var preview = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = document, DryRun = true }, _server.As(Role.FleetAdmin));
        Assert.Equal(
            ["A.8.17@* at 2026-09-15T00:00:00Z", "SR 7.3@austin at 2026-10-02T00:00:00Z", "SR 7.5@berlin/cell-1 at 2026-10-01T00:00:00Z"],
            preview.Changes.Where(c => c.Kind == EntityKind.Attestation && c.Change == ChangeKind.Added).Select(c => c.Id));

        // The section replaces every plant's attestations: a plant admin may not declare it.
        var denied = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants[..TestFleets.TwoPlants.IndexOf("identities:", StringComparison.Ordinal)] + Compliance }, _server.As(Role.PlantAdmin, "berlin", "austin")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = document }, _server.As(Role.FleetAdmin));

        var all = (await Client.ExportFleetAsync(new ExportFleetRequest(), _server.As(Role.FleetAdmin))).Document;
        Assert.Contains("requirement: SR 7.3", all, StringComparison.Ordinal);
        var berlin = (await Client.ExportFleetAsync(new ExportFleetRequest(), _server.As(Role.PlantAdmin, "berlin"))).Document;
        Assert.Contains("requirement: SR 7.5", berlin, StringComparison.Ordinal);
        Assert.Contains("requirement: A.8.17", berlin, StringComparison.Ordinal);
        Assert.DoesNotContain("SR 7.3", berlin, StringComparison.Ordinal);
    }
}
