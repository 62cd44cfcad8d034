using ZtFleet.Grains.Access;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Telemetry;
using ZtFleet.Grains.Vulnerabilities;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Gathers each plant's compliance facts from the grains and stores that hold them (the plant's definition, the fleet's
/// attestations and versions, enforcement points and their acknowledgements, telemetry senders, identities' MFA and
/// grants with the approvals of their requests, quarantines, the audit chain and its latest signed checkpoint,
/// monitoring, known vulnerabilities) and evaluates them with <see cref="ComplianceEvaluator"/>. Reads only; fan-outs
/// are bounded (<see cref="FanOut"/>).
/// </summary>
public sealed class ComplianceAssessor(
    IGrainFactory grains,
    IVulnerabilityStore vulnerabilities,
    IDetectionStore detections,
    IAuditCheckpointStore checkpoints,
    AuditCheckpointSigner signer,
    ControlPlaneClock time) : IComplianceAssessor
{
    /// <summary>How many recent fleet versions are read for the change-management facts.</summary>
    public const int RecentVersions = 20;

    /// <inheritdoc />
    public async Task<ComplianceAssessment> AssessAsync(PlantId? plant, CancellationToken cancellationToken = default)
    {
        var fleet = grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);
        var overview = await fleet.GetOverviewAsync(cancellationToken);
        if (plant is { } one && !overview.Plants.Contains(one))
        {
            throw new NotFoundException($"Plant '{one}' does not exist.");
        }

        var compliance = await fleet.GetComplianceSettingsAsync(cancellationToken);
        var changes = await ChangesAsync(overview.Generation, cancellationToken);
        var now = time.GetUtcNow();
        var plants = plant is { } p ? [p] : overview.Plants.OrderBy(x => x.Value, StringComparer.Ordinal).ToList();
        var facts = new List<PlantComplianceFacts>();
        foreach (var id in plants)
        {
            if (await GatherAsync(id, compliance, changes, now, cancellationToken) is { } gathered)
            {
                facts.Add(gathered);
            }
        }

        var scope = plant?.Value ?? "fleet";
        return ComplianceEvaluator.Assess($"{scope}-{now.UtcTicks}", plant, facts, overview.Generation, now);
    }

    /// <summary>One plant's facts as of <paramref name="now"/>; null when the plant has no definition (removed meanwhile).</summary>
    public async Task<PlantComplianceFacts?> GatherAsync(
        PlantId plant, ComplianceSettings compliance, ObservedChanges changes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(compliance);
        var plantGrain = grains.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));
        if (await plantGrain.GetDefinitionAsync(cancellationToken) is not { } definition)
        {
            return null;
        }

        var epoch = await plantGrain.GetEpochAsync(cancellationToken);
        var points = await EnforcementPointsAsync(plant, plantGrain, cancellationToken);
        var runtime = await IdentitiesAsync(plant, definition, now, cancellationToken);
        var quarantines = await plantGrain.GetQuarantinesAsync(cancellationToken);
        var audit = await AuditAsync(plant, cancellationToken);
        var mode = await grains.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant)).GetModeAsync(cancellationToken);
        var learning = mode.Zones.Where(z => z.Learning && z.Zone is not null).Select(z => z.Zone!.Value).ToHashSet();
        var open = (await detections.InForceAsync(plant, cancellationToken)).Count;
        var known = await vulnerabilities.ListAsync(plant, cancellationToken);
        return new PlantComplianceFacts(
            definition.Spec,
            definition.Identities,
            definition.DefinedRoles,
            definition.EffectivePolicy,
            definition.EffectiveTrust,
            definition.EffectiveResponse,
            compliance.Attestations.Where(a => a.Plant is null || a.Plant == plant).ToList(),
            epoch,
            points,
            runtime,
            quarantines.InForce,
            audit,
            new ObservedMonitoring(learning, open),
            known,
            changes);
    }

    private async Task<ObservedChanges> ChangesAsync(long generation, CancellationToken cancellationToken)
    {
        var page = await grains.GetGrain<IFleetVersionsGrain>(GrainKeys.Fleet).ListAsync(null, RecentVersions, cancellationToken);
        return new ObservedChanges(
            generation,
            page.Versions.Count,
            page.Versions.Where(v => string.IsNullOrWhiteSpace(v.Reason)).Select(v => v.Number).Order().ToList());
    }

    private async Task<IReadOnlyList<ObservedEnforcementPoint>> EnforcementPointsAsync(PlantId plant, IPlantGrain plantGrain, CancellationToken cancellationToken)
    {
        var ids = await plantGrain.ListEnforcementPointsAsync(cancellationToken);
        var senders = (await grains.GetGrain<ITelemetrySendersGrain>(GrainKeys.Plant(plant)).ListAsync(cancellationToken)).ToHashSet();
        var views = new EnforcementPointView?[ids.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, ids.Count).ToList(),
            async i => views[i] = await grains.GetGrain<IEnforcementPointGrain>(ids[i].Value).GetAsync(cancellationToken));
        return views.OfType<EnforcementPointView>()
            .Where(v => v.Registration.Plant == plant)
            .Select(v => new ObservedEnforcementPoint(
                v.Id,
                v.Registration.Zones,
                v.Registration.Sensor,
                v.Revoked,
                v.AcknowledgedEpoch,
                v.LastAcknowledgedAt,
                v.LastHeartbeatAt,
                v.RulesetSha256 is not null,
                senders.Contains(v.Id)))
            .ToList();
    }

    private async Task<IReadOnlyList<ObservedIdentity>> IdentitiesAsync(PlantId plant, PlantDefinition definition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var identities = definition.Identities;
        var observed = new ObservedIdentity?[identities.Count];
        await FanOut.RunAsync(
            Enumerable.Range(0, identities.Count).ToList(),
            async i =>
            {
                var runtime = await grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(identities[i].Id)).GetRuntimeAsync(cancellationToken);
                var grants = new List<ObservedGrant>();
                foreach (var grant in runtime.Grants.Where(g => g.Plant == plant && g.NotAfter > now))
                {
                    var request = await grains.GetGrain<IAccessRequestGrain>(grant.RequestId).GetAsync(cancellationToken);
                    grants.Add(new ObservedGrant(
                        grant,
                        request?.RequiredApprovals ?? 1,
                        request?.Approvals.Select(a => a.Approver).ToList() ?? []));
                }

                var plantMfa = (runtime.PlantOnlyMfa ?? []).FirstOrDefault(m => m.Plant == plant)?.Mfa;
                var last = new[] { runtime.Mfa?.AuthTime, plantMfa?.AuthTime }.Max();
                observed[i] = new ObservedIdentity(identities[i].Id, runtime.TotpEnrolled || last is not null, last, runtime.Locked, grants);
            });
        return observed.OfType<ObservedIdentity>().ToList();
    }

    private async Task<ObservedAudit> AuditAsync(PlantId plant, CancellationToken cancellationToken)
    {
        var head = await grains.GetGrain<IAuditGrain>(plant.Value).GetHeadAsync(cancellationToken);
        var latest = await checkpoints.LatestAsync(plant.Value, cancellationToken);
        return new ObservedAudit(head.Sequence, signer.PublicKey is not null, latest?.Sequence, latest?.At);
    }
}
