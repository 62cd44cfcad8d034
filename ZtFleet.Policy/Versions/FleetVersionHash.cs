namespace ZtFleet.Policy.Versions;

/// <summary>
/// The hash that names a fleet version's document: the document, exactly as
/// <see cref="Inventory.FleetDocumentWriter.ToYaml"/> writes it, split into its parts by
/// <see cref="FleetDocumentParts.Split"/>, each part hashed with SHA-256, and SHA-256 taken over those hashes
/// (<see cref="FleetDocumentParts.Root"/>), as 64 lowercase hex digits. The writer is deterministic, so two versions
/// hash alike exactly when they hold the same fleet; anyone can recompute it from the text <c>GetFleetVersion</c>
/// returns (docs/fleet-versions.md shows how), and the fleet grain computes it without the whole text.
/// </summary>
public static class FleetVersionHash
{
    /// <summary>The hash of <paramref name="documentText"/>.</summary>
    public static string Of(string documentText)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        return FleetDocumentParts.Root(FleetDocumentParts.Split(documentText).Select(FleetDocumentParts.HashOf));
    }
}
