using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>What the planner needs to know about the identity a trigger is about.</summary>
/// <param name="Id">The identity.</param>
/// <param name="NeverAuto">The identity is marked <c>neverAuto</c>: only recommendations.</param>
public sealed record TargetIdentity(IdentityId Id, bool NeverAuto);
