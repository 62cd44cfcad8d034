namespace ZtFleet.Policy.Audit;

/// <summary>
/// The answer of <see cref="AuditChain.Verify"/> for a sequence range of one chain: intact, or the first broken record
/// (<see cref="FirstBroken"/>) with the reason (<see cref="Break"/>) and a sentence (<see cref="Explanation"/>).
/// </summary>
/// <param name="From">The first sequence verified.</param>
/// <param name="To">The last sequence the range asked for (the head when the request named none).</param>
/// <param name="Checked">How many stored records were read and checked.</param>
/// <param name="FirstBroken">The first record that does not hold (for a gap or a cut tail: the first missing sequence).</param>
/// <param name="Break">Why it does not hold; <see cref="AuditBreak.None"/> when the range is intact.</param>
/// <param name="Explanation">What was found, as a sentence.</param>
/// <param name="Checkpoints">The checkpoints in the range, with whether their signatures hold.</param>
public sealed record AuditVerification(
    long From,
    long To,
    long Checked,
    long? FirstBroken,
    AuditBreak Break,
    string Explanation,
    IReadOnlyList<AuditCheckpointCheck> Checkpoints)
{
    /// <summary>True when every record of the range holds.</summary>
    public bool Intact => Break == AuditBreak.None;
}
