namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>What fired a playbook: a detection, or a change of an incident.</summary>
public enum ResponseTriggerSource
{
    /// <summary>Not given; never valid.</summary>
    Unspecified = 0,

    /// <summary>A detection was opened.</summary>
    Detection = 1,

    /// <summary>An incident was opened or changed (it spread across plants, reached a safety zone…).</summary>
    Incident = 2,
}
