using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The body of a record made from an audit record: <see cref="ExportKind.UserManagement"/> (OCSF Account Change 3001,
/// User Access Management 3005), <see cref="ExportKind.Remediation"/> (OCSF Remediation Activity 7001, Network
/// Remediation Activity 7004) and <see cref="ExportKind.Audit"/> (OCSF API Activity 6003). The audit entry's fields as
/// they are, plus what the export understood of them.
/// </summary>
/// <param name="Sequence">The record's position in its scope's chain (the plant's, or the fleet's).</param>
/// <param name="Actor">Who did it (<c>user:alice</c>, <c>pep:…</c>, <c>playbook:…</c>, <c>ztfleet</c>).</param>
/// <param name="Action">What (<c>identity.lock</c>, <c>quarantine.approve</c>, a refused RPC's method).</param>
/// <param name="Target">To what (an identity, a quarantine id, a request id, <c>fleet</c>).</param>
/// <param name="Outcome">How it ended (<c>locked</c>, <c>in-force</c>, a refusal's status name).</param>
/// <param name="Activity">What it did, normalised.</param>
public sealed record AuditBody(long Sequence, string Actor, string Action, string Target, string Outcome, ExportActivity Activity)
{
    /// <summary>The entry's detail: a JSON object as the audit chain holds it.</summary>
    public string Detail { get; init; } = "{}";

    /// <summary>The identity it concerns, when one (the target of a lock, the holder of a grant).</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>The asset it concerns, when one (a quarantined asset, a response step's asset).</summary>
    public AssetId? Asset { get; init; }

    /// <summary>
    /// For a remediation, the step: <c>isolate</c>, <c>restrict-writes</c> (a quarantine's mode or a playbook step),
    /// <c>lock</c>, <c>revoke-grants</c>, <c>step-up-mfa</c>, <c>alert</c>, <c>webhook</c>; null when not known.
    /// </summary>
    public string? Step { get; init; }

    /// <summary>The operations of a grant, when one (<c>Write</c>, <c>View</c>…).</summary>
    public IReadOnlyList<string> Operations { get; init; } = [];

    /// <summary>True when the outcome is a refusal (a gRPC status name other than <c>OK</c>, or <c>rejected</c>/<c>failed</c>).</summary>
    public bool Failed { get; init; }

    /// <summary>The record's SHA-256 chain hash, lower-case hex.</summary>
    public string Hash { get; init; } = "";
}
