namespace ZtFleet.Cli.Decisions;

/// <summary>
/// A sentence for each stable reason code of an access decision (access.proto <c>Decision.reason</c>,
/// docs/access-policy.md) and of a flow decision (<c>FlowDecision.reason</c>, docs/segmentation.md).
/// </summary>
internal static class Explanations
{
    private static readonly Dictionary<string, string> Access = new(StringComparer.Ordinal)
    {
        ["allowed-by-role"] = "A role the identity holds at the plant permits this operation on the target.",
        ["allowed-by-grant"] = "A temporary access grant in force permits this operation on the target.",
        ["break-glass"] = "Allowed as a declared emergency on safety equipment (break-glass); it is recorded.",
        ["unknown-identity"] = "The identity does not exist, or has no assignment at this plant.",
        ["identity-locked"] = "The identity is locked fleet-wide (ztfleet unlock lifts it).",
        ["unknown-target"] = "The plant has no such asset or zone.",
        ["quarantined"] = "The target asset is in quarantine.",
        ["trust-reduced"] = "The trust tier of the identity or the target does not allow this operation (reduced: view and operate; restricted: view; untrusted: nothing).",
        ["outside-shift"] = "The permission needs the identity's shift, and it is not on shift now.",
        ["outside-grant-window"] = "The temporary grant is not in force now (before its start or after its end).",
        ["outside-maintenance-window"] = "The permission needs an open maintenance window of the plant, and none is open.",
        ["trust-too-low"] = "The permission needs a higher trust score (minTrust) than the identity or target has now.",
        ["mfa-required"] = "The permission needs a fresh MFA: authenticate again (step-up), then ask again.",
        ["no-matching-permission"] = "No role or grant of the identity permits this operation on this target.",
    };

    private static readonly Dictionary<string, string> Flow = new(StringComparer.Ordinal)
    {
        ["conduit"] = "A conduit between the two zones allows this protocol, port and operation.",
        ["declared-flow"] = "A declared flow inside the zone allows it.",
        ["invalid-request"] = "The request lacks a protocol, or the port is outside 1-65535.",
        ["unknown-source"] = "The source is no asset of the plant (no asset has that id or address).",
        ["unknown-destination"] = "The destination is no asset of the plant (no asset has that id or address).",
        ["operation-required"] = "An OT protocol needs an operation (--operation read, write, fc3 ...).",
        ["unknown-operation"] = "The operation is not in the protocol's vocabulary (an IT protocol takes none).",
        ["quarantined"] = "An end is in quarantine: only reads pass, and to an isolated asset only from its quarantine path.",
        ["no-declared-flow"] = "Both ends are in one zone, and no declared flow matches (same assets, direction, protocol and port).",
        ["no-conduit-between-zones"] = "No conduit connects the two zones: between zones everything is denied by default.",
        ["wrong-direction"] = "The conduit does not let the source's zone initiate (it is not its 'from', nor bidirectional).",
        ["protocol-not-allowed"] = "No conduit between the zones carries this protocol.",
        ["port-not-allowed"] = "The conduit carries this protocol on another port.",
        ["source-not-allowed"] = "The conduit admits only other assets or asset types on the source's side.",
        ["destination-not-allowed"] = "The conduit admits only other assets or asset types on the destination's side.",
        ["operation-not-allowed"] = "The rule covers other operations of this protocol, not this one.",
        ["safety-not-explicit"] = "Into or inside a safety zone only operations listed by their own name are allowed.",
        ["outside-maintenance-window"] = "The conduit allows it only while a maintenance window of the plant is open.",
        ["identity-required"] = "The conduit has identity conditions, and no identity that may act at the plant is behind the flow (give --identity, or the source asset's usedBy).",
        ["role-required"] = "The conduit needs the identity to hold one of its roles at the plant.",
        ["grant-required"] = "The conduit needs a temporary grant in force on the destination for this class of operation.",
    };

    public static string ForAccess(string reason) => Access.TryGetValue(reason, out var sentence) ? sentence : "";

    public static string ForFlow(string reason) => Flow.TryGetValue(reason, out var sentence) ? sentence : "";
}
