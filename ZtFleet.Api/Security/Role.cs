namespace ZtFleet.Api.Security;

/// <summary>What an administrative caller may do; carried in the bearer token's <c>role</c> claim.</summary>
public enum Role
{
    /// <summary>Everything, at every plant.</summary>
    FleetAdmin,

    /// <summary>Changes and reads, only at the plants listed in the token's <c>plants</c> claim.</summary>
    PlantAdmin,

    /// <summary>Reads everything, changes nothing.</summary>
    Auditor,
}
