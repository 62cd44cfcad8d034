using ZtFleet.Policy.Access;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// A temporary grant held at the plant, with the approvals of the access request it came from: how many distinct
/// approvers the request needed (two or more for safety targets) and who approved it. <see cref="Approvers"/> is empty
/// when the request could not be read.
/// </summary>
public sealed record ObservedGrant(Grant Grant, int RequiredApprovals, IReadOnlyList<string> Approvers)
{
    /// <summary>Whether the grant is in force at <paramref name="now"/>.</summary>
    public bool InForce(DateTimeOffset now) => Grant.NotBefore <= now && now < Grant.NotAfter;
}
