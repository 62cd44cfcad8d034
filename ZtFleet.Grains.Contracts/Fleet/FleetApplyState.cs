namespace ZtFleet.Grains.Fleet;

/// <summary>How far a fleet apply has got.</summary>
[GenerateSerializer, Alias("ztfleet.FleetApplyState")]
public enum FleetApplyState
{
    /// <summary>Nothing was applied (a dry run, or a document with violations).</summary>
    None = 0,

    /// <summary>Every plant and identity holds the applied document (also: the document was already in force).</summary>
    Committed = 1,

    /// <summary>
    /// Decided: every plant and identity staged it and it will be committed, but some have not committed yet. The
    /// fleet grain keeps committing (a timer with back-off, a reminder as the durable backstop) without any caller.
    /// </summary>
    Committing = 2,
}
