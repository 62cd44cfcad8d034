using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Tests.Policy.Authorization;

/// <summary>Who may approve one request (a rule of the workflow, not of the role), and how each refusal is told apart.</summary>
public sealed class ApprovalRulesTests
{
    private static readonly IdentityId Vendor = IdentityId.Parse("vendor-tech");

    [Theory]
    [InlineData("alice", "planner", new string[0], null)]
    [InlineData("planner", "planner", new string[0], ApprovalRefusalKind.OwnRequest)]
    [InlineData("vendor-tech", "planner", new string[0], ApprovalRefusalKind.OwnRequest)]
    [InlineData("alice", "planner", new[] { "alice" }, ApprovalRefusalKind.AlreadyApproved)]
    [InlineData("bob", "planner", new[] { "alice" }, null)]
    public void Nobody_approves_their_own_request_and_each_approver_counts_once(string approver, string requestedBy, string[] approvedBy, ApprovalRefusalKind? expected)
    {
        Assert.Equal(expected, TemporaryAccessRules.RefuseApproval(approver, Vendor, requestedBy, approvedBy)?.Kind);
    }

    [Theory]
    [InlineData(QuarantineActorKind.Playbook, "scan", new string[0], ApprovalRefusalKind.NotAPerson)]
    [InlineData(QuarantineActorKind.Person, "carol", new string[0], ApprovalRefusalKind.OwnRequest)]
    [InlineData(QuarantineActorKind.Person, "alice", new[] { "alice" }, ApprovalRefusalKind.AlreadyApproved)]
    [InlineData(QuarantineActorKind.Person, "alice", new[] { "bob" }, null)]
    public void A_quarantine_step_is_approved_by_another_person_once(QuarantineActorKind kind, string approver, string[] approvedBy, ApprovalRefusalKind? expected)
    {
        Assert.Equal(expected, QuarantineRules.RefuseApproval(kind, approver, "carol", approvedBy, "quarantine")?.Kind);
    }
}
