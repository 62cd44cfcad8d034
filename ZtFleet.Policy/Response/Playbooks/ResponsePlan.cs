namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>What a trigger leads to: the playbooks it matches and their steps, least impact first.</summary>
/// <param name="Playbooks">Ids of the matching playbooks, in document order.</param>
/// <param name="Steps">The planned steps, least impact first (then playbook order, then step order).</param>
/// <param name="Skipped">Steps left out (nothing to act on, already in force).</param>
public sealed record ResponsePlan(IReadOnlyList<string> Playbooks, IReadOnlyList<PlannedStep> Steps, IReadOnlyList<SkippedStep> Skipped)
{
    /// <summary>No playbook matches.</summary>
    public static ResponsePlan Empty { get; } = new([], [], []);
}
