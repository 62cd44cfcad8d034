namespace ZtFleet.Policy.Inventory;

/// <summary>Who an identity is; contractors and vendor technicians are the temporary-access population.</summary>
public enum IdentityKind
{
    Unspecified = 0,
    Employee = 1,
    Contractor = 2,
    VendorTechnician = 3,
    ServiceAccount = 4,
}
