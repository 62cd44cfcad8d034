namespace ZtFleet.Policy.Segmentation;

/// <summary>A JSON ACL (<c>ztfleet-acl/1</c>); the keys are documented in docs/segmentation.md.</summary>
/// <param name="Format">Always <see cref="JsonAcl.FormatName"/>.</param>
/// <param name="Plant">The plant.</param>
/// <param name="Zones">The zones whose boundaries the ACL guards.</param>
/// <param name="Epoch">The version: the epoch of the plant's last segmentation change.</param>
/// <param name="DefaultAction">Always <c>deny</c>.</param>
/// <param name="Entries">What is allowed.</param>
/// <param name="NotOpened"><c>&lt;conduit&gt;:&lt;direction&gt;</c> of directions that open nothing.</param>
public sealed record JsonAclDocument(
    string Format,
    string Plant,
    IReadOnlyList<string> Zones,
    long Epoch,
    string DefaultAction,
    IReadOnlyList<JsonAclEntry> Entries,
    IReadOnlyList<string> NotOpened);
