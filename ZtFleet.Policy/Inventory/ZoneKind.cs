namespace ZtFleet.Policy.Inventory;

/// <summary>What a zone is for. It decides which conduit rules apply (IT never talks to OT control directly).</summary>
public enum ZoneKind
{
    Unspecified = 0,
    EnterpriseIt = 1,
    Dmz = 2,
    OtSupervisory = 3,
    OtControl = 4,
    Safety = 5,
}
