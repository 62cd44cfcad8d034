using Microsoft.Extensions.Logging;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Plants;

/// <summary>The registry of the enforcement points enrolled at the plant, in a row of its own.</summary>
public sealed partial class PlantGrain
{
    public async Task RegisterEnforcementPointAsync(EnforcementPointId enforcementPoint, CancellationToken cancellationToken = default)
    {
        if (!points.State.Points.Contains(enforcementPoint))
        {
            points.State.Points.Add(enforcementPoint);
            await points.WriteStateAsync(cancellationToken);
        }
    }

    public Task<IReadOnlyList<EnforcementPointId>> ListEnforcementPointsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<EnforcementPointId>>(points.State.Points.ToList());

    /// <summary>Builds before the registry had its own row kept it in the definition row: move it once.</summary>
    private async Task MoveLegacyEnforcementPointsAsync(CancellationToken cancellationToken)
    {
        if (definition.State.EnforcementPoints is not { Count: > 0 } legacy)
        {
            return;
        }

        var moved = legacy.Where(p => !points.State.Points.Contains(p)).ToList();
        if (moved.Count > 0)
        {
            points.State.Points.AddRange(moved);
            await points.WriteStateAsync(cancellationToken);
            logger.LogInformation("Plant {Plant}: moved {Count} enforcement points to their own state", Id, moved.Count);
        }
    }
}
