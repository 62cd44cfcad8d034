namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>A response playbook declared in the fleet document (<c>response.playbooks</c>), versioned with it.</summary>
/// <param name="Id">Unique id within the fleet (an <c>EntityId</c> spelling).</param>
/// <param name="Trigger">When it fires.</param>
/// <param name="Steps">What it does, in document order (the planner orders them by impact).</param>
public sealed record Playbook(string Id, PlaybookTrigger Trigger, IReadOnlyList<PlaybookStep> Steps)
{
    /// <summary>What it is for, in a sentence (CACAO playbook description).</summary>
    public string? Description { get; init; }
}
