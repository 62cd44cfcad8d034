using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>The fleet's topology as correlation sees it: one <see cref="PlantTopology"/> per plant.</summary>
public sealed class IncidentTopology
{
    private readonly Dictionary<PlantId, PlantTopology> _plants = [];

    /// <summary>The topology of the given plants.</summary>
    public IncidentTopology(IEnumerable<PlantTopology> plants)
    {
        ArgumentNullException.ThrowIfNull(plants);
        foreach (var plant in plants)
        {
            _plants[plant.Plant] = plant;
        }
    }

    /// <summary>No plant known.</summary>
    public static IncidentTopology Empty { get; } = new([]);

    /// <summary>The plant's topology; an empty one when the plant is not known.</summary>
    public PlantTopology Of(PlantId plant) => _plants.TryGetValue(plant, out var topology) ? topology : PlantTopology.Unknown(plant);
}
