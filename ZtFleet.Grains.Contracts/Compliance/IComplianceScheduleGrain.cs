namespace ZtFleet.Grains.Compliance;

/// <summary>
/// The assessment schedule (docs/compliance.md, "Schedule"), keyed <see cref="Hosting.GrainKeys.Fleet"/>: a reminder
/// checks every <c>ZtFleet:Compliance:AssessmentInterval</c> / 24 (1 minute to 1 hour) which scopes (the fleet and
/// every plant) have no assessment younger than the interval, and assesses those one after the other.
/// </summary>
[Alias("ztfleet.IComplianceScheduleGrain")]
public interface IComplianceScheduleGrain : IGrainWithStringKey
{
    /// <summary>Registers the reminder unless it exists with the configured period (each silo calls it at start).</summary>
    Task ArmAsync(CancellationToken cancellationToken = default);

    /// <summary>Assesses every scope that is due now (what a reminder tick does); the scopes assessed.</summary>
    Task<IReadOnlyList<string>> RunDueAsync(CancellationToken cancellationToken = default);
}
