namespace ZtFleet.Api.Hosting;

/// <summary>Bound from <c>ZtFleet</c>: a fleet document to load at start when the fleet is empty (demo runs).</summary>
public sealed class SeedOptions
{
    public const string Section = "ZtFleet";

    /// <summary>Path of a fleet document (YAML or JSON); empty = no seeding.</summary>
    public string? SeedFleetDocument { get; set; }
}
