using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance;

/// <summary>
/// An entity a compliance fact is about (the identity without MFA, the conduit without an enforcement point): what an
/// improvement action names as the thing to change. <see cref="Plant"/> is null for fleet-wide entities (identities,
/// roles, the policy).
/// </summary>
public sealed record ComplianceSubject(EntityKind Kind, string Id, PlantId? Plant = null);
