using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Compliance;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Api.Compliance;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// Compliance on PostgreSQL through the real API and silo: assessments, action statuses and their history, the
/// schedule's reminder and its state outlive a restart of silo and API, and the audit records are in the chain.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ComplianceOnPostgresTests(PostgresServer postgres)
{
    [Fact]
    public async Task Assessments_and_statuses_survive_a_restart_and_the_schedule_is_armed_once()
    {
        var connectionString = await postgres.CreateDatabaseAsync("compliance-restart");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 6, 0, 0, TimeSpan.Zero));
        var assessor = new ScriptedAssessor(time);
        string assessment;
        string action;
        await using (var first = Server(connectionString, time, assessor))
        {
            await first.InitializeAsync();
            await first.ApplyAsync(TestFleets.TwoPlants);
            var client = new ComplianceService.ComplianceServiceClient(first.Channel);
            assessment = (await client.AssessAsync(new AssessComplianceRequest { Scope = "berlin" }, first.As(Role.FleetAdmin))).Assessment.Summary.AssessmentId;
            action = (await client.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, first.As(Role.FleetAdmin))).Actions[0].ActionId;
            await client.SetActionStatusAsync(new SetActionStatusRequest
            {
                Scope = "berlin",
                ActionId = action,
                Status = ImprovementActionStatus.InProgress,
                Note = "tokens ordered",
            }, first.AsSubject("alice", Role.PlantAdmin, "berlin"));
        }

        var armed = await ReminderAsync(connectionString);
        await using var second = Server(connectionString, time, assessor);
        await second.InitializeAsync();
        var again = new ComplianceService.ComplianceServiceClient(second.Channel);
        var cluster = (IClusterClient)second.ApiServices.GetService(typeof(IClusterClient))!;

        var listed = await again.ListAssessmentsAsync(new ListAssessmentsRequest { Scope = "berlin" }, second.As(Role.Auditor));
        var plan = await again.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "berlin" }, second.As(Role.Auditor));
        var history = await cluster.GetGrain<IComplianceGrain>("berlin").GetActionHistoryAsync(action);
        var audit = await new AuditService.AuditServiceClient(second.Channel).ListAuditRecordsAsync(
            new ListAuditRecordsRequest { Scope = "berlin", ActionPrefix = "compliance." }, second.As(Role.Auditor));

        Assert.Equal([assessment], listed.Assessments.Select(a => a.AssessmentId));
        var held = plan.Actions.Single(a => a.ActionId == action);
        Assert.Equal((ImprovementActionStatus.InProgress, "alice (plant-admin)", "tokens ordered"), (held.Status, held.StatusBy, held.StatusNote));
        Assert.Equal("tokens ordered", Assert.Single(history).Note);
        Assert.Equal(["compliance.action-status", "compliance.assess"], audit.Records.Select(r => r.Action));
        // Hourly checks for the daily default; the second start found the reminder and left its schedule alone.
        Assert.Equal(("3600000", armed.Start), ((await ReminderAsync(connectionString)).Period, armed.Start));
        Assert.Equal(armed, await ReminderAsync(connectionString));
    }

    private static async Task<(string Period, string Start)> ReminderAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT period::text, start_time::text FROM orleans_reminder WHERE reminder_name = 'assess'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the schedule's reminder is registered");
        var row = (reader.GetString(0), reader.GetString(1));
        Assert.False(await reader.ReadAsync());
        return row;
    }

    private static ApiServer Server(string connectionString, TimeProvider time, ScriptedAssessor assessor) =>
        new(connectionString, time) { ConfigureSilo = silo => silo.Services.AddSingleton<IComplianceAssessor>(assessor) };
}
