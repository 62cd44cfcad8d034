using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>
/// The applied fleet document's <c>response:</c> section (<see cref="Policy.Inventory.FleetDocument.EffectiveResponse"/>),
/// read from the fleet grain and kept for <see cref="Refresh"/>.
/// </summary>
public sealed class FleetResponseSettingsSource(IGrainFactory grains, ControlPlaneClock time) : IResponseSettingsSource
{
    /// <summary>How long settings read are used before they are read again.</summary>
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ResponseSettings? _settings;
    private DateTimeOffset _readAt;

    /// <inheritdoc/>
    public async Task<ResponseSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (_settings is { } cached && now - _readAt < Refresh && now >= _readAt)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_settings is null || now - _readAt >= Refresh || now < _readAt)
            {
                var document = await grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).ExportAsync(cancellationToken);
                _settings = document.EffectiveResponse;
                _readAt = now;
            }

            return _settings;
        }
        finally
        {
            _gate.Release();
        }
    }
}
