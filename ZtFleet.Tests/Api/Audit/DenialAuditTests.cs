using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Audit;

/// <summary>
/// The batched denial writer on a fake clock (its timer never fires, so only <see cref="DenialAudit.FlushAsync"/>
/// writes): identical denials within a second fold into one record, a full queue's overflow is counted and audited.
/// </summary>
public sealed class DenialAuditTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly ApiServer _server;

    public DenialAuditTests() => _server = new ApiServer(_time)
    {
        ApiConfiguration =
        {
            ["ZtFleet:Audit:Denials:QueueCapacity"] = "100",
            ["ZtFleet:Audit:Denials:FlushAt"] = "10000",
        },
    };

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Identical_denials_fold_into_one_record_and_what_the_full_queue_dropped_is_audited_as_a_count()
    {
        await _server.ApplyAsync(TestFleets.TwoPlants);
        var batch = new BatchCheckRequest { PlantId = "berlin" };
        for (var i = 0; i < 150; i++)
        {
            batch.Checks.Add(new CheckRequest { IdentityId = "ghost", ZoneId = "cell-1", Operation = Operation.View });
        }

        var decided = await new DecisionService.DecisionServiceClient(_server.Channel).BatchCheckAsync(batch, _server.AsSubject("pep-1", Role.FleetAdmin));
        var denials = _server.ApiServices.GetRequiredService<DenialAudit>();
        await denials.FlushAsync();

        var audit = new AuditService.AuditServiceClient(_server.Channel);
        var berlin = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = "decision." }, _server.As(Role.Auditor));
        var fleet = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "fleet", ActionPrefix = DenialAudit.DroppedAction }, _server.As(Role.Auditor));

        Assert.All(decided.Decisions, d => Assert.False(d.Allow));
        var record = Assert.Single(berlin.Records);
        using var detail = JsonDocument.Parse(record.Detail);
        Assert.Equal((DenialAudit.DenyAction, "ghost->cell-1", 100L, "unknown-identity"),
            (record.Action, record.Target, detail.RootElement.GetProperty("count").GetInt64(), detail.RootElement.GetProperty("reason").GetString()));
        using var dropped = JsonDocument.Parse(Assert.Single(fleet.Records).Detail);
        Assert.Equal(50L, dropped.RootElement.GetProperty("count").GetInt64());
        Assert.Equal((100L, 1L, 50L), (denials.Written, denials.Records, denials.DroppedTotal));
    }

    [Fact]
    public async Task CheckFlow_denials_go_through_the_same_batched_writer_folded_and_allowed_flows_leave_no_record()
    {
        await _server.ApplyAsync(TestFleets.TwoPlants);
        var flows = new DecisionService.DecisionServiceClient(_server.Channel);
        var denied = new CheckFlowRequest
        {
            PlantId = "berlin",
            Source = new FlowEndpoint { AssetId = "erp-1" },
            Destination = new FlowEndpoint { AssetId = "plc-1" },
            Protocol = "modbus-tcp",
            Operation = "read",
        };
        var allowed = new CheckFlowRequest
        {
            PlantId = "berlin",
            Source = new FlowEndpoint { AssetId = "mes-1" },
            Destination = new FlowEndpoint { AssetId = "plc-1" },
            Protocol = "opc-ua",
            Operation = "read",
        };
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await flows.CheckFlowAsync(denied, _server.AsSubject("fw-7", Role.FleetAdmin))).Decision.Allow);
        }

        Assert.True((await flows.CheckFlowAsync(allowed, _server.AsSubject("fw-7", Role.FleetAdmin))).Decision.Allow);
        var denials = _server.ApiServices.GetRequiredService<DenialAudit>();
        await denials.FlushAsync();

        var audit = new AuditService.AuditServiceClient(_server.Channel);
        var berlin = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = "decision." }, _server.As(Role.Auditor));
        var record = Assert.Single(berlin.Records);
        using var detail = JsonDocument.Parse(record.Detail);
        var root = detail.RootElement;
        Assert.Equal((DenialAudit.FlowDenyAction, "fw-7 (fleet-admin)", "denied"), (record.Action, record.Actor, record.Outcome));
        Assert.Equal("erp-1->plc-1:modbus-tcp/502", record.Target);
        Assert.Equal(("ent-it", "cell-1", "no-conduit-between-zones", 3L),
            (root.GetProperty("sourceZone").GetString(), root.GetProperty("destinationZone").GetString(), root.GetProperty("reason").GetString(), root.GetProperty("count").GetInt64()));
        Assert.Equal((3L, 1L), (denials.Written, denials.Records));
    }
}
