using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The body of an <see cref="ExportKind.Decision"/> record: who asked to do what to which target, at which
/// enforcement point, and what ZtFleet answered (OCSF Authorize Session 3003).
/// </summary>
/// <param name="Identity">Who asked.</param>
/// <param name="Operation">What for.</param>
/// <param name="Effect">Allow or deny.</param>
/// <param name="Reason">The decision's reason (<see cref="DecisionReasons"/>).</param>
public sealed record AccessDecisionBody(IdentityId Identity, Operation Operation, DecisionEffect Effect, string Reason)
{
    /// <summary>The target asset; null when the target was a zone.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The target zone (the asset's zone when the target was an asset), when known.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>The target's Purdue level, when the producer knows it.</summary>
    public PurdueLevel? Level { get; init; }

    /// <summary>The rule that determined it (<c>role:…</c>, <c>grant:…</c>, <c>quarantine:…</c>, <c>break-glass</c>).</summary>
    public string? Rule { get; init; }

    /// <summary>A declared emergency (break-glass).</summary>
    public bool Emergency { get; init; }

    /// <summary>What the enforcement point must do along with it.</summary>
    public Obligations Obligations { get; init; }

    /// <summary>The plant epoch it was computed at (0 when not known, e.g. from a PEP's cache report).</summary>
    public long Epoch { get; init; }

    /// <summary>The enforcement point (PEP) that asked or enforced it, or null for a decision asked by an administrator.</summary>
    public string? EnforcementPoint { get; init; }

    /// <summary>Where the request came from, when known.</summary>
    public ExportEndpoint? Source { get; init; }

    /// <summary>The telemetry event it comes from, when it comes from one.</summary>
    public string? EventId { get; init; }

    /// <summary>Whether the effect is an allow.</summary>
    public bool IsAllowed => Effect == DecisionEffect.Allow;
}
