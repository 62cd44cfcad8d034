using System.Globalization;

namespace ZtFleet.Policy.Compliance;

/// <summary>How compliance values read in reports, Markdown and exports (one spelling everywhere).</summary>
public static class ComplianceText
{
    /// <summary>A pillar or capability as CISA names it.</summary>
    public static string Pillar(MaturityPillar pillar) => pillar switch
    {
        MaturityPillar.Identity => "Identity",
        MaturityPillar.Devices => "Devices",
        MaturityPillar.Networks => "Networks",
        MaturityPillar.ApplicationsAndWorkloads => "Applications and workloads",
        MaturityPillar.Data => "Data",
        MaturityPillar.VisibilityAndAnalytics => "Visibility and analytics",
        MaturityPillar.AutomationAndOrchestration => "Automation and orchestration",
        MaturityPillar.Governance => "Governance",
        _ => pillar.ToString(),
    };

    /// <summary>A foundational requirement: <c>FR 1 IAC</c>.</summary>
    public static string Fr(FoundationalRequirement fr) => fr switch
    {
        FoundationalRequirement.IdentificationAndAuthentication => "FR 1 IAC",
        FoundationalRequirement.UseControl => "FR 2 UC",
        FoundationalRequirement.SystemIntegrity => "FR 3 SI",
        FoundationalRequirement.DataConfidentiality => "FR 4 DC",
        FoundationalRequirement.RestrictedDataFlow => "FR 5 RDF",
        FoundationalRequirement.TimelyResponseToEvents => "FR 6 TRE",
        FoundationalRequirement.ResourceAvailability => "FR 7 RA",
        _ => $"FR {(int)fr}",
    };

    /// <summary>A requirement status in words.</summary>
    public static string Status(RequirementStatus status) => status switch
    {
        RequirementStatus.Met => "met",
        RequirementStatus.NotMet => "not met",
        RequirementStatus.Attested => "attested",
        RequirementStatus.NotAttested => "not attested",
        RequirementStatus.NotApplicable => "not applicable",
        _ => status.ToString(),
    };

    /// <summary>A control status in words.</summary>
    public static string Status(ControlStatus status) => status switch
    {
        ControlStatus.Implemented => "implemented",
        ControlStatus.PartiallyImplemented => "partially implemented",
        ControlStatus.NotImplemented => "not implemented",
        ControlStatus.Attested => "attested",
        ControlStatus.NotApplicable => "not applicable",
        _ => status.ToString(),
    };

    /// <summary>An instant as ISO 8601 UTC to the second: <c>2026-12-05T06:00:00Z</c>.</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The scope's name: the plant id, or <c>fleet</c>.</summary>
    public static string Scope(Identifiers.PlantId? plant) => plant?.Value ?? "fleet";
}
