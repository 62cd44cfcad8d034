using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>
/// What an enrollment token allowed: the plant and zones an enforcement point guards, and its name; a sensor (which
/// only sends telemetry and heartbeats) enrolls the same way.
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.EnforcementPointRegistration")]
public sealed record EnforcementPointRegistration(
    [property: Id(0)] PlantId Plant,
    [property: Id(1)] IReadOnlyList<ZoneId> Zones,
    [property: Id(2)] string Name,
    [property: Id(3)] string EnrollmentTokenId,
    [property: Id(4)] string CreatedBy,
    [property: Id(5)] bool Sensor = false);
