namespace ZtFleet.Grains.Fleet;

/// <summary>A page of fleet versions, newest first.</summary>
/// <param name="Versions">The versions of the page.</param>
/// <param name="Total">How many versions the fleet has.</param>
/// <param name="NextBefore">Where the next page starts (pass it as <c>before</c>); null on the last page.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetVersionPage")]
public sealed record FleetVersionPage(
    [property: Id(0)] IReadOnlyList<FleetVersion> Versions,
    [property: Id(1)] long Total,
    [property: Id(2)] long? NextBefore);
