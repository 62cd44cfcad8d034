using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// A network flow to decide: who initiates it, towards whom, on which protocol and port, and (for the OT protocols)
/// which operation it carries.
/// </summary>
/// <param name="Source">The initiating end.</param>
/// <param name="Destination">The responding end.</param>
/// <param name="Protocol">The application protocol.</param>
/// <param name="Port">The destination port (1–65535).</param>
/// <param name="Operation">
/// The operation in the protocol's vocabulary (<see cref="ProtocolOperations"/>): required for the OT protocols,
/// absent for IT protocols, which have none.
/// </param>
/// <param name="Identity">
/// The identity behind the flow when the enforcement point knows it; null: the identity the source asset is
/// <see cref="ZtFleet.Policy.Inventory.AssetSpec.UsedBy"/>, if any. Only conduits with identity conditions look at it.
/// </param>
public readonly record struct FlowRequest(
    FlowEndpoint Source,
    FlowEndpoint Destination,
    Protocol Protocol,
    int Port,
    string? Operation = null,
    IdentityId? Identity = null);
