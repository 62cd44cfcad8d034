namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// The JSON ACL of one zone boundary (<see cref="JsonAcl"/>): what an enforcement point that cannot run nftables
/// (a firewall with its own rule language, a protocol proxy) needs to allow exactly the plant's conduits. Serialised
/// with camel-case keys in declaration order; the format is described in <c>docs/segmentation.md</c>.
/// </summary>
/// <param name="Format">The format and its version: <see cref="JsonAcl.FormatName"/>.</param>
/// <param name="Plant">The plant id.</param>
/// <param name="Zone">The zone whose boundary this ACL guards.</param>
/// <param name="Epoch">The plant epoch it was compiled at: its version.</param>
/// <param name="DefaultAction">Always <c>deny</c>: traffic no entry allows is dropped.</param>
/// <param name="Entries">One entry per conduit and direction of initiation, by conduit id, forward before reverse.</param>
/// <param name="NotOpened">Conduit directions with no address on one side (<c>&lt;conduit&gt;:forward|reverse</c>): nothing opened.</param>
public sealed record JsonAclDocument(
    string Format,
    string Plant,
    string Zone,
    long Epoch,
    string DefaultAction,
    IReadOnlyList<JsonAclEntry> Entries,
    IReadOnlyList<string> NotOpened);
