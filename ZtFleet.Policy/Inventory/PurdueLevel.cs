namespace ZtFleet.Policy.Inventory;

/// <summary>Purdue reference model level; written "0" … "5" and "3.5" (the industrial DMZ) in documents.</summary>
public enum PurdueLevel
{
    Unspecified = 0,
    Level0 = 1,
    Level1 = 2,
    Level2 = 3,
    Level3 = 4,
    Level3_5 = 5,
    Level4 = 6,
    Level5 = 7,
}
