namespace ZtFleet.Policy.Compliance;

/// <summary>The five pillars and three cross-cutting capabilities of the CISA Zero Trust Maturity Model v2.</summary>
public enum MaturityPillar
{
    /// <summary>Pillar: identity.</summary>
    Identity = 1,

    /// <summary>Pillar: devices.</summary>
    Devices = 2,

    /// <summary>Pillar: networks.</summary>
    Networks = 3,

    /// <summary>Pillar: applications and workloads.</summary>
    ApplicationsAndWorkloads = 4,

    /// <summary>Pillar: data.</summary>
    Data = 5,

    /// <summary>Cross-cutting: visibility and analytics.</summary>
    VisibilityAndAnalytics = 6,

    /// <summary>Cross-cutting: automation and orchestration.</summary>
    AutomationAndOrchestration = 7,

    /// <summary>Cross-cutting: governance.</summary>
    Governance = 8,
}
