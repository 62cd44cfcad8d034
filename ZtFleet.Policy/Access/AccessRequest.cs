using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Access;

/// <summary>
/// One access to decide: <see cref="Subject"/> wants to perform <see cref="Operation"/> on exactly one target, an
/// asset or a whole zone. <see cref="Emergency"/> declares break-glass: on a safety-related asset it is allowed to
/// any identity holding a role at the plant, and always audited.
/// </summary>
public readonly record struct AccessRequest(
    IdentityId Subject,
    AssetId? Asset,
    ZoneId? Zone,
    Operation Operation,
    bool Emergency = false);
