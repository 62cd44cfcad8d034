namespace ZtFleet.Api.Security;

/// <summary>The claim values of <see cref="Role"/>.</summary>
public static class RoleNames
{
    public const string FleetAdmin = "fleet-admin";
    public const string PlantAdmin = "plant-admin";
    public const string Auditor = "auditor";

    public static bool TryParse(string? value, out Role role)
    {
        (var ok, role) = value switch
        {
            FleetAdmin => (true, Role.FleetAdmin),
            PlantAdmin => (true, Role.PlantAdmin),
            Auditor => (true, Role.Auditor),
            _ => (false, default),
        };
        return ok;
    }

    public static string Format(Role role) => role switch
    {
        Role.FleetAdmin => FleetAdmin,
        Role.PlantAdmin => PlantAdmin,
        Role.Auditor => Auditor,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
