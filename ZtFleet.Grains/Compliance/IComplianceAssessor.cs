using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Compliance;

/// <summary>
/// Computes an assessment from live state now: gathers the facts of one plant (or of every plant when
/// <paramref name="plant"/> is null) and evaluates IEC 62443-3-3, ISO/IEC 27001 Annex A and CISA maturity with the
/// pure core. It stores nothing; the compliance grain runs it on a schedule and on demand and keeps the results.
/// </summary>
public interface IComplianceAssessor
{
    /// <summary>An assessment of <paramref name="plant"/> (null: the fleet) as of now.</summary>
    Task<ComplianceAssessment> AssessAsync(PlantId? plant, CancellationToken cancellationToken = default);
}
