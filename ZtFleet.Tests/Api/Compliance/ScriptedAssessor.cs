using ZtFleet.Grains.Compliance;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Policy.Compliance;

namespace ZtFleet.Tests.Api.Compliance;

/// <summary>
/// A test assessor: berlin's (and the fleet's) assessment is <see cref="AssessmentSamples.Berlin"/> with the switches
/// set now, stamped with the clock's time; austin's has no zones. The real assessor is tested with the evaluators.
/// </summary>
public sealed class ScriptedAssessor(TimeProvider time) : IComplianceAssessor
{
    private int _calls;

    public bool Mfa { get; set; }

    public bool Boundary { get; set; }

    /// <summary>How many assessments were asked for.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public Task<ComplianceAssessment> AssessAsync(PlantId? plant, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        var assessment = AssessmentSamples.Assessment(time.GetUtcNow(), "scripted", mfa: Mfa, boundary: Boundary) with { Plant = plant };
        return Task.FromResult(plant is { Value: "austin" } ? assessment with { Zones = [], Conduits = [] } : assessment);
    }
}
