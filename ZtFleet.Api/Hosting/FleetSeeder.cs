using Microsoft.Extensions.Options;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Hosting;

/// <summary>
/// Loads <see cref="SeedOptions.SeedFleetDocument"/> once the cluster answers, but only into an empty fleet, so a
/// restart never overwrites what an administrator changed since.
/// </summary>
public sealed class FleetSeeder(IClusterClient cluster, IOptions<SeedOptions> options, ILogger<FleetSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.SeedFleetDocument;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        var read = FleetDocumentReader.Read(await File.ReadAllTextAsync(path, stoppingToken));
        if (!read.IsValid)
        {
            logger.LogError("Seed document {Path} is invalid: {Violations}", path, string.Join("; ", read.Violations.Select(v => $"{v.Field}: {v.Description}")));
            return;
        }

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                // Inside the retry: until the client has joined the cluster it cannot even resolve the grain type.
                var fleet = cluster.GetGrain<IFleetGrain>(GrainKeys.Fleet);
                if ((await fleet.GetOverviewAsync(stoppingToken)).Plants.Count > 0)
                {
                    logger.LogInformation("Fleet already holds plants; seed document {Path} not applied", path);
                    return;
                }

                var result = await fleet.ApplyAsync(read.Document!, new FleetApplyOptions(DryRun: false, Prune: false, Actor: "seed"), stoppingToken);
                logger.LogInformation("Seeded the fleet from {Path}: {Changes} changes, generation {Generation}", path, result.Changes.Count, result.Generation);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 30)
            {
                logger.LogWarning(ex, "Seeding attempt {Attempt} failed; retrying", attempt);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
