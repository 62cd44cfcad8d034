using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// What the plan weighs a plant's gaps with: its definition and the identities that can reach it (criticality ranking,
/// exposure and blast radius come from them) and its assets' known vulnerabilities.
/// </summary>
public sealed record PlanRiskInput(PlantSpec Plant, IReadOnlyList<IdentitySpec> Identities, IReadOnlyList<KnownVulnerability> Vulnerabilities);
