using Google.Protobuf.WellKnownTypes;
using ZtFleet.Api.V1;
using Domain = ZtFleet.Policy.Compliance;
using Plan = ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Api.Compliance;

/// <summary>Compliance results of the pure core to <c>ztfleet.v1</c> messages and back.</summary>
public static class ComplianceMapping
{
    /// <summary>The scope's name on the wire: a plant id, or <c>fleet</c>.</summary>
    public static string Scope(Policy.Identifiers.PlantId? plant) => Domain.ComplianceText.Scope(plant);

    public static AssessmentSummary ToProto(this Domain.ComplianceSummary summary)
    {
        var proto = new AssessmentSummary
        {
            AssessmentId = summary.Id,
            Scope = Scope(summary.Plant),
            At = Timestamp.FromDateTimeOffset(summary.At),
            FleetVersion = summary.FleetVersion,
            Zones = summary.Zones,
            ZonesAtTarget = summary.ZonesAtTarget,
            RequirementsFailing = summary.RequirementsFailing,
            ControlsApplicable = summary.ControlsApplicable,
            ControlsImplemented = summary.ControlsImplemented,
        };
        proto.Maturity.AddRange(summary.Maturity.OrderBy(m => m.Key).Select(m => new PillarStage { Pillar = (MaturityPillar)(int)m.Key, Stage = (MaturityStage)(int)m.Value }));
        return proto;
    }

    public static ComplianceAssessment ToProto(this Domain.ComplianceAssessment assessment)
    {
        var proto = new ComplianceAssessment { Summary = Domain.ComplianceSummary.Of(assessment).ToProto() };
        proto.Zones.AddRange(assessment.Zones.Select(z =>
        {
            var zone = new ZoneCompliance { PlantId = z.Plant.Value, ZoneId = z.Zone.Value, ZoneName = z.ZoneName };
            zone.Target.AddRange(z.Target.Levels);
            zone.Achieved.AddRange(z.Achieved.Levels);
            zone.Requirements.AddRange(z.Requirements.Select(ToProto));
            return zone;
        }));
        proto.Conduits.AddRange(assessment.Conduits.Select(c =>
        {
            var conduit = new ConduitCompliance { PlantId = c.Plant.Value, ConduitId = c.Conduit.Value, FromZoneId = c.From.Value, ToZoneId = c.To.Value };
            conduit.Target.AddRange(c.Target.Levels);
            conduit.Achieved.AddRange(c.Achieved.Levels);
            conduit.Requirements.AddRange(c.Requirements.Select(ToProto));
            return conduit;
        }));
        proto.Controls.AddRange(assessment.Controls.Select(c =>
        {
            var control = new ControlResult
            {
                Id = c.Id,
                Title = c.Title,
                Applicable = c.Applicable,
                Status = (ComplianceControlStatus)(int)c.Status,
                Justification = c.Justification,
                Attestation = c.Attestation?.ToProto(),
            };
            control.Facts.AddRange(c.Facts.Select(ToProto));
            control.RelatedRequirements.AddRange(c.RelatedRequirements);
            return control;
        }));
        proto.Maturity.AddRange(assessment.Maturity.Select(p =>
        {
            var pillar = new PillarMaturity { Pillar = (MaturityPillar)(int)p.Pillar, Stage = (MaturityStage)(int)p.Stage };
            pillar.Criteria.AddRange(p.Criteria.Select(c =>
            {
                var criterion = new MaturityCriterion { Id = c.Id, Stage = (MaturityStage)(int)c.Stage, Statement = c.Statement, Met = c.Met };
                criterion.Facts.AddRange(c.Facts.Select(ToProto));
                return criterion;
            }));
            return pillar;
        }));
        return proto;
    }

    public static ImprovementAction ToProto(this Plan.ImprovementAction action)
    {
        var proto = new ImprovementAction
        {
            ActionId = action.Id,
            PlantId = action.Plant?.Value ?? string.Empty,
            Fact = action.Key,
            Title = action.Title,
            Change = action.Change,
            Effort = (ImprovementEffort)(int)action.Effort,
            Risk = action.Risk,
            Status = (ImprovementActionStatus)(int)action.Status,
            StatusBy = action.StatusRecord?.By ?? string.Empty,
            StatusAt = action.StatusRecord is { } r ? Timestamp.FromDateTimeOffset(r.At) : null,
            StatusNote = action.StatusRecord?.Note ?? string.Empty,
            RiskAcceptedUntil = action.StatusRecord?.RiskAcceptedUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
            AcceptanceExpired = action.AcceptanceExpired,
        };
        proto.Subjects.AddRange(action.Subjects.Select(ToProto));
        proto.Gaps.AddRange(action.Gaps.Select(g => new PlanGap
        {
            Kind = g.Kind switch
            {
                Plan.GapKind.ZoneRequirement => "zone-requirement",
                Plan.GapKind.ConduitRequirement => "conduit-requirement",
                Plan.GapKind.Control => "control",
                _ => "maturity-criterion",
            },
            Id = g.Id,
            Title = g.Title,
            PlantId = g.Plant?.Value ?? string.Empty,
            Where = g.Where ?? string.Empty,
            Closes = g.Closes,
        }));
        proto.LevelChanges.AddRange(action.LevelChanges.Select(l => new ExpectedLevelChange
        {
            PlantId = l.Plant.Value,
            Target = l.Target,
            Conduit = l.Conduit,
            Fr = (int)l.Fr,
            From = l.From,
            To = l.To,
        }));
        proto.StageChanges.AddRange(action.StageChanges.Select(s => new ExpectedStageChange
        {
            Pillar = (MaturityPillar)(int)s.Pillar,
            From = (MaturityStage)(int)s.From,
            To = (MaturityStage)(int)s.To,
        }));
        proto.RiskReasons.AddRange(action.RiskReasons);
        return proto;
    }

    public static ComplianceChange ToProto(this Domain.Comparison.ComplianceChange change) => new()
    {
        Key = change.Key,
        Label = change.Label,
        PlantId = change.Plant?.Value ?? string.Empty,
        Before = change.Before,
        After = change.After,
        Since = Timestamp.FromDateTimeOffset(change.Since),
        SinceAssessmentId = change.SinceAssessment,
        SinceIsLowerBound = change.SinceIsLowerBound,
    };

    private static RequirementResult ToProto(Domain.RequirementResult requirement)
    {
        var proto = new RequirementResult
        {
            Id = requirement.Id,
            Title = requirement.Title,
            Fr = (int)requirement.Fr,
            Level = requirement.Level,
            Status = (ComplianceRequirementStatus)(int)requirement.Status,
            Attestation = requirement.Attestation?.ToProto(),
        };
        proto.Facts.AddRange(requirement.Facts.Select(ToProto));
        return proto;
    }

    private static ComplianceFact ToProto(Domain.ComplianceFact fact)
    {
        var proto = new ComplianceFact { Key = fact.Key, Statement = fact.Statement, Holds = fact.Holds };
        proto.Subjects.AddRange(fact.Subjects.Select(ToProto));
        return proto;
    }

    private static ComplianceSubject ToProto(Domain.ComplianceSubject subject) => new()
    {
        Kind = subject.Kind.ToString().ToLowerInvariant(),
        Id = subject.Id,
        PlantId = subject.Plant?.Value ?? string.Empty,
    };

    private static ComplianceAttestation ToProto(this Domain.ComplianceAttestation attestation) => new()
    {
        By = attestation.By,
        At = Timestamp.FromDateTimeOffset(attestation.At),
        Evidence = attestation.Evidence,
        Expires = attestation.Expires is { } e ? Timestamp.FromDateTimeOffset(e) : null,
    };
}
