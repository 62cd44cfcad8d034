namespace ZtFleet.Grains.Fleet;

/// <summary>A fleet version with its whole document.</summary>
/// <param name="Version">The version's metadata.</param>
/// <param name="Document">The whole fleet after the apply, as <c>FleetDocumentWriter</c> writes it (what the hash covers).</param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetVersionDocument")]
public sealed record FleetVersionDocument(
    [property: Id(0)] FleetVersion Version,
    [property: Id(1)] string Document);
