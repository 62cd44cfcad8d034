using System.Text.Json;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Audit;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// Audit records of enforcement point lifecycle events (enrollment tokens, enrollments), in the chain of their
/// plant. Refused requests are audited by <c>RefusalAuditInterceptor</c> already.
/// </summary>
public sealed class EnforcementAudit(IClusterClient cluster, ControlPlaneClock time)
{
    public Task TokenCreatedAsync(Caller caller, PlantId plant, EnforcementPointId point, IReadOnlyCollection<ZoneId> zones, string name, DateTimeOffset expiresAt) =>
        AppendAsync(plant, caller.ToString(), "enforcement.enrollment-token.created", point, "issued", new
        {
            name,
            zones = zones.Select(z => z.Value),
            expiresAt,
        });

    public Task EnrolledAsync(Caller caller, PlantId plant, EnforcementPointId point, IReadOnlyCollection<ZoneId> zones, string createdBy, DateTimeOffset credentialExpiresAt) =>
        AppendAsync(plant, caller.ToString(), "enforcement.enrolled", point, "enrolled", new
        {
            zones = zones.Select(z => z.Value),
            tokenCreatedBy = createdBy,
            credentialExpiresAt,
        });

    public Task RevokedAsync(Caller caller, PlantId plant, EnforcementPointId point, string reason, bool revokedNow) =>
        AppendAsync(plant, caller.ToString(), "enforcement.revoked", point, revokedNow ? "revoked" : "already-revoked", new { reason });

    private Task<long> AppendAsync(PlantId plant, string actor, string action, EnforcementPointId point, string outcome, object detail) =>
        cluster.GetGrain<IAuditGrain>(plant.Value).AppendAsync(
            new AuditEntry(plant.Value, time.GetUtcNow(), actor, action, $"enforcement-point/{point.Value}", outcome, JsonSerializer.Serialize(detail)));
}
