namespace ZtFleet.Policy.Versions;

/// <summary>One part of a fleet document (<see cref="FleetDocumentParts"/>): its text and that text's SHA-256.</summary>
/// <param name="Hash">SHA-256 of <paramref name="Text"/> as UTF-8, 64 lowercase hex digits.</param>
/// <param name="Text">The part's text, a run of whole lines of the document.</param>
public sealed record FleetDocumentPart(string Hash, string Text)
{
    /// <summary>The part holding <paramref name="text"/>.</summary>
    public static FleetDocumentPart Of(string text) => new(FleetDocumentParts.HashOf(text), text);
}
