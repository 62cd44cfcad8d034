namespace ZtFleet.Policy.Access;

/// <summary>An approval the workflow rules refuse, and why, in a sentence for the approver.</summary>
public sealed record ApprovalRefusal(ApprovalRefusalKind Kind, string Message);
