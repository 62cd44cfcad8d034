namespace ZtFleet.Policy.Inventory;

/// <summary>
/// What <see cref="FleetDocumentReader.Read"/> found. <see cref="Document"/> is the best-effort model even when there
/// are violations (null only when nothing could be parsed); apply it only when <see cref="IsValid"/>.
/// </summary>
public sealed record FleetDocumentResult(FleetDocument? Document, IReadOnlyList<Violation> Violations)
{
    public bool IsValid => Document is not null && Violations.Count == 0;
}
