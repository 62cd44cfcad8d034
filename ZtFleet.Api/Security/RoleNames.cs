namespace ZtFleet.Api.Security;

/// <summary>The claim values of <see cref="Role"/>.</summary>
public static class RoleNames
{
    public const string FleetAdmin = "fleet-admin";
    public const string PlantAdmin = "plant-admin";
    public const string Auditor = "auditor";
    public const string Approver = "approver";
    public const string EnforcementPoint = "enforcement-point";
    public const string Enrollment = "enrollment";
    public const string Sensor = "sensor";

    private static readonly (string Name, Role Role)[] All =
    [
        (FleetAdmin, Role.FleetAdmin),
        (PlantAdmin, Role.PlantAdmin),
        (Auditor, Role.Auditor),
        (Approver, Role.Approver),
        (EnforcementPoint, Role.EnforcementPoint),
        (Enrollment, Role.Enrollment),
        (Sensor, Role.Sensor),
    ];

    public static bool TryParse(string? value, out Role role)
    {
        foreach (var (name, candidate) in All)
        {
            if (name == value)
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    public static string Format(Role role) =>
        All.FirstOrDefault(entry => entry.Role == role).Name ?? throw new ArgumentOutOfRangeException(nameof(role));
}
