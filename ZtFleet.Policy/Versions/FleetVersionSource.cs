namespace ZtFleet.Policy.Versions;

/// <summary>Which call made a fleet version.</summary>
public enum FleetVersionSource
{
    /// <summary><c>ApplyFleet</c>: a fleet document.</summary>
    Apply = 1,

    /// <summary><c>ImportAssetsCsv</c>: one plant's assets from CSV.</summary>
    Import = 2,

    /// <summary><c>RollbackFleet</c>: an earlier version's document applied again.</summary>
    Rollback = 3,
}
