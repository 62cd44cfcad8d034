namespace ZtFleet.Policy.Inventory;

/// <summary>What an import does to the asset of one row.</summary>
public enum ImportRowChange
{
    /// <summary>A new asset.</summary>
    Added = 1,

    /// <summary>An existing asset with some field changed.</summary>
    Changed = 2,

    /// <summary>An existing asset the row leaves as it is.</summary>
    Unchanged = 3,
}
