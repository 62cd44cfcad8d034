namespace ZtFleet.Policy.Inventory;

/// <summary>What applying a fleet document does to one entity.</summary>
public enum ChangeKind
{
    Added = 1,
    Changed = 2,
    Removed = 3,
}
