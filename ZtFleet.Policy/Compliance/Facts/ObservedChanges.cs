namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// The fleet's recent versions as the fleet observes them: the current version number (0: nothing applied yet), how many
/// recent versions were read, and which of them carry no reason (their numbers).
/// </summary>
public sealed record ObservedChanges(long CurrentVersion, int RecentVersions, IReadOnlyList<long> WithoutReason)
{
    /// <summary>No version observed.</summary>
    public static ObservedChanges None { get; } = new(0, 0, []);
}
