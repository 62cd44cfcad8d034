namespace ZtFleet.Policy.Audit;

/// <summary>Why a chain does not hold at its first broken record (<see cref="AuditVerification"/>).</summary>
public enum AuditBreak
{
    /// <summary>The chain holds.</summary>
    None,

    /// <summary>
    /// The record's content no longer matches its hash, or its hash differs from the signed checkpoint at its sequence
    /// (the chain was recomputed after a change).
    /// </summary>
    ContentChanged,

    /// <summary>A record is missing: a gap in the sequence, or a previous-hash that is not the hash of the record before.</summary>
    RecordMissing,

    /// <summary>The chain ends before a signed checkpoint's sequence, or before the head the chain grain knows.</summary>
    TailCut,
}
