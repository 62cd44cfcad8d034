namespace ZtFleet.Policy.Segmentation;

/// <summary>The reasons a <see cref="FlowDecision"/> gives, as stable kebab-case strings for logs, audit and the API.</summary>
public static class FlowReasons
{
    /// <summary>Allowed by a conduit between the two zones.</summary>
    public const string Conduit = "conduit";

    /// <summary>Allowed by a declared flow inside one zone.</summary>
    public const string DeclaredFlow = "declared-flow";

    /// <summary>The protocol is unspecified or the port is outside 1–65535.</summary>
    public const string InvalidRequest = "invalid-request";

    /// <summary>The source is neither an asset of the plant nor the address of one.</summary>
    public const string UnknownSource = "unknown-source";

    /// <summary>The destination is neither an asset of the plant nor the address of one.</summary>
    public const string UnknownDestination = "unknown-destination";

    /// <summary>An OT protocol flow names no operation; without one nothing can be allowed.</summary>
    public const string OperationRequired = "operation-required";

    /// <summary>The operation is not in the protocol's vocabulary (any operation on an IT protocol is).</summary>
    public const string UnknownOperation = "unknown-operation";

    /// <summary>Both ends are in one zone and no declared flow matches (asset to asset, protocol, port).</summary>
    public const string NoDeclaredFlow = "no-declared-flow";

    /// <summary>No conduit connects the two zones: default deny between zones.</summary>
    public const string NoConduitBetweenZones = "no-conduit-between-zones";

    /// <summary>Conduits connect the zones, but none lets the source's zone initiate.</summary>
    public const string WrongDirection = "wrong-direction";

    /// <summary>No conduit in this direction carries the protocol.</summary>
    public const string ProtocolNotAllowed = "protocol-not-allowed";

    /// <summary>A conduit carries the protocol, but not on this port.</summary>
    public const string PortNotAllowed = "port-not-allowed";

    /// <summary>The matching conduits are narrowed to other source assets or asset types.</summary>
    public const string SourceNotAllowed = "source-not-allowed";

    /// <summary>The matching conduits are narrowed to other destination assets or asset types.</summary>
    public const string DestinationNotAllowed = "destination-not-allowed";

    /// <summary>The matching conduits do not list the operation.</summary>
    public const string OperationNotAllowed = "operation-not-allowed";

    /// <summary>
    /// The destination is in a safety zone and the conduit does not list the operation itself (a group such as
    /// Modbus <c>read</c> does not stand for its function codes there, and IT protocols never enter), or only its
    /// reverse direction leads into the zone.
    /// </summary>
    public const string SafetyNotExplicit = "safety-not-explicit";

    /// <summary>
    /// An end of the flow is in quarantine: only reads reach a quarantined asset or leave it, and an isolated one only
    /// from its quarantine path (rule <c>quarantine:&lt;id&gt;</c>).
    /// </summary>
    public const string Quarantined = "quarantined";

    /// <summary>The matching conduit needs an open maintenance window, and none of the plant's is open.</summary>
    public const string OutsideMaintenanceWindow = "outside-maintenance-window";

    /// <summary>
    /// The matching conduit has identity conditions, and the flow has no identity (none given, and the source asset
    /// is used by none), or the identity may not act at the plant or is locked.
    /// </summary>
    public const string IdentityRequired = "identity-required";

    /// <summary>The matching conduit needs a role the identity behind the flow does not hold at the plant.</summary>
    public const string RoleRequired = "role-required";

    /// <summary>
    /// The matching conduit needs a temporary grant in force for the identity behind the flow, covering the
    /// destination for the operation's class, and there is none.
    /// </summary>
    public const string GrantRequired = "grant-required";
}
