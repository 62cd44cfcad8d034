using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>
/// The applied fleet document's <c>response:</c> section, as the fleet grain keeps it
/// (<see cref="IFleetGrain.GetResponseSettingsAsync"/>: memory only, interleaving with a running apply).
/// </summary>
public sealed class FleetResponseSettingsSource(IGrainFactory grains) : IResponseSettingsSource
{
    /// <inheritdoc/>
    public Task<ResponseSettings> GetAsync(CancellationToken cancellationToken = default) =>
        grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).GetResponseSettingsAsync(cancellationToken);
}
