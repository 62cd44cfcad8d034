using Microsoft.Extensions.Options;

using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.PlantViews;

/// <summary>
/// Every <see cref="PlantViewOptions.RefreshInterval"/>, asks each plant with a view for its epoch, so a view whose
/// stream lost a message (a silo died, the connection dropped) catches up from the delta log within that time.
/// </summary>
public sealed class PlantViewRefresher(PlantViewCache views, IOptions<PlantViewOptions> options, ControlPlaneClock time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await views.RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
