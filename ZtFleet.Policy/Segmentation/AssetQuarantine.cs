using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Segmentation;

/// <summary>An asset in quarantine: its conduits shrink as <see cref="Mode"/> says until the quarantine is lifted.</summary>
/// <param name="Asset">The quarantined asset.</param>
/// <param name="Mode">How far it is cut off.</param>
/// <param name="AccessFrom">The quarantine path of an isolated asset: assets that may still read from it.</param>
/// <param name="Id">The quarantine's id (the workflow that approved it); decisions name the rule <c>quarantine:&lt;id&gt;</c>.</param>
/// <param name="Since">When it took effect.</param>
/// <param name="Reason">Why, as given by the administrator (or playbook) that asked for it.</param>
public sealed record AssetQuarantine(
    AssetId Asset,
    QuarantineMode Mode,
    IReadOnlyList<AssetId> AccessFrom,
    string Id,
    DateTimeOffset Since,
    string Reason);
