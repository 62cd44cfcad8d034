namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// One step of a playbook. <see cref="Impact"/> (0–100) orders the steps (least impact first) and
/// <see cref="RevertAfter"/> is the time to live after which an applied step reverts by itself (required for every
/// step that changes something: lock, restrict-writes, isolate, step-up-mfa, revoke-grants is one-way and
/// takes none).
/// </summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Impact">Its impact on production and people, 0 (none) to 100 (stops a process).</param>
/// <param name="Mode">Whether it acts or proposes.</param>
/// <param name="RevertAfter">When it reverts by itself once applied; null for steps that have nothing to revert.</param>
public sealed record PlaybookStep(PlaybookStepKind Kind, int Impact, PlaybookMode Mode, TimeSpan? RevertAfter)
{
    /// <summary>For <see cref="PlaybookStepKind.Webhook"/>: the HTTPS endpoint that receives the JSON POST.</summary>
    public Uri? Url { get; init; }

    /// <summary>For <see cref="PlaybookStepKind.Isolate"/>: assets that keep read access as the quarantine path.</summary>
    public IReadOnlyList<string>? AccessFrom { get; init; }

    /// <summary>A sentence for the people who read the playbook (CACAO step description).</summary>
    public string? Description { get; init; }
}
