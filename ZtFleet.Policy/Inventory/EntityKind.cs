namespace ZtFleet.Policy.Inventory;

/// <summary>The kinds of entity a fleet document declares; the order is the order changes are listed in.</summary>
public enum EntityKind
{
    Plant = 1,
    Zone = 2,
    Asset = 3,
    Conduit = 4,
    Flow = 5,
    Identity = 6,

    /// <summary>A fleet-wide role definition (no plant).</summary>
    Role = 7,

    /// <summary>The fleet-wide access settings (no plant; the id is always <c>policy</c>).</summary>
    Policy = 8,

    /// <summary>A response playbook of the <c>response:</c> section (no plant; the id is the playbook's).</summary>
    Playbook = 9,
}
