namespace ZtFleet.Grains.EnforcementPoints;

/// <summary>
/// The acknowledgement history of enforcement points: when each said it had applied every delta up to an epoch.
/// One record per acknowledgement, so an acknowledgement costs a row, not a rewrite of the whole history.
/// </summary>
public interface IAcknowledgementStore
{
    /// <summary>Records that <paramref name="point"/> had applied up to <paramref name="epoch"/> at <paramref name="at"/>; a repeat changes nothing.</summary>
    Task AppendAsync(string point, long epoch, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>When <paramref name="point"/> first acknowledged <paramref name="epoch"/> or a later one; null when it has not (or it was pruned).</summary>
    Task<DateTimeOffset?> FirstAtOrAfterAsync(string point, long epoch, CancellationToken cancellationToken = default);

    /// <summary>Deletes all but the newest <paramref name="keep"/> acknowledgements of <paramref name="point"/>.</summary>
    Task PruneAsync(string point, int keep, CancellationToken cancellationToken = default);
}
