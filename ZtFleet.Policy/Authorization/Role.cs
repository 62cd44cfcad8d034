namespace ZtFleet.Policy.Authorization;

/// <summary>What a caller may do; carried in the bearer token's <c>role</c> claim.</summary>
public enum Role
{
    /// <summary>Everything, at every plant.</summary>
    FleetAdmin,

    /// <summary>Changes and reads, only at the plants listed in the token's <c>plants</c> claim.</summary>
    PlantAdmin,

    /// <summary>Reads everything, changes nothing.</summary>
    Auditor,

    /// <summary>Approves (or rejects) temporary access at its plants; reads them.</summary>
    Approver,

    /// <summary>An enrolled enforcement point: decisions and deltas of its one plant, nothing else.</summary>
    EnforcementPoint,

    /// <summary>A one-time enrollment token: may only call <c>EnforcementService/Enroll</c>.</summary>
    Enrollment,

    /// <summary>
    /// An enrolled sensor (a passive network sensor, a Zeek adapter): sends telemetry and heartbeats for its one plant,
    /// nothing else. Enrolled like an enforcement point, with an enrollment token of kind sensor.
    /// </summary>
    Sensor,
}
