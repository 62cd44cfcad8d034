namespace ZtFleet.Grains.Hosting;

/// <summary>
/// The persisted half of a two-phase fleet apply, written once for every participant (plants, identities): the
/// value in force, a value staged under an apply id but not yet visible, and the last apply committed.
/// </summary>
/// <remarks>
/// A stage that is never committed is replaced by the next one, so a document that failed half-way leaves every
/// participant as it was. Committing the same apply twice is harmless; committing an apply that was never staged
/// here is refused. The property names are those the participants stored before this type existed, so their
/// stored rows still read.
/// </remarks>
[GenerateSerializer, Alias("ztfleet.TwoPhaseState")]
public class TwoPhaseState<T>
    where T : class
{
    /// <summary>The value in force; null: the participant does not exist.</summary>
    [Id(0)]
    public T? Current { get; set; }

    [Id(1)]
    public Guid? StagedApplyId { get; set; }

    [Id(2)]
    public T? Staged { get; set; }

    [Id(3)]
    public Guid? LastCommittedApplyId { get; set; }

    /// <summary>Keeps <paramref name="value"/> under <paramref name="applyId"/>, replacing any earlier stage.</summary>
    public void Stage(Guid applyId, T? value)
    {
        StagedApplyId = applyId;
        Staged = value;
    }

    /// <summary>
    /// The value staged under <paramref name="applyId"/>, or false when that apply is already committed here.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is staged under <paramref name="applyId"/>.</exception>
    public bool TryGetStaged(Guid applyId, string participant, out T? staged)
    {
        staged = null;
        if (LastCommittedApplyId == applyId)
        {
            return false;
        }

        if (StagedApplyId != applyId)
        {
            throw new InvalidOperationException($"{participant} has nothing staged under apply {applyId}.");
        }

        staged = Staged;
        return true;
    }

    /// <summary>Makes the staged value current (the caller persists the state afterwards).</summary>
    public void Commit(Guid applyId)
    {
        Current = Staged;
        Staged = null;
        StagedApplyId = null;
        LastCommittedApplyId = applyId;
    }
}
