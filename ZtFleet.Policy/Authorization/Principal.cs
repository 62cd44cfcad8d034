using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Authorization;

/// <summary>Who asks: the subject, its role and the plants (and, for an enforcement point, zones) it is scoped to.</summary>
/// <param name="Subject">The token's subject: a person, a tool, an enforcement point.</param>
/// <param name="Role">What the subject may do.</param>
/// <param name="Plants">The plants a plant-scoped role is bound to; ignored for fleet-wide roles.</param>
public sealed record Principal(string Subject, Role Role, IReadOnlySet<PlantId> Plants)
{
    /// <summary>Zones an enforcement point (or an enrollment token) is bound to; empty = the whole plant.</summary>
    public IReadOnlySet<ZoneId> Zones { get; init; } = new HashSet<ZoneId>();
}
