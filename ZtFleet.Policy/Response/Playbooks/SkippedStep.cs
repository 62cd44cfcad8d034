namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>A step of a matching playbook that the plan leaves out, and why.</summary>
/// <param name="Playbook">The playbook's id.</param>
/// <param name="Index">The step's position in the playbook.</param>
/// <param name="Kind">What it would do.</param>
/// <param name="Reason">Why it is left out: nothing to act on, or the same step is already in force.</param>
public sealed record SkippedStep(string Playbook, int Index, PlaybookStepKind Kind, string Reason);
