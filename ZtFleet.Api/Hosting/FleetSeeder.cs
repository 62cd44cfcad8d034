using Microsoft.Extensions.Options;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Hosting;

/// <summary>
/// Loads <see cref="SeedOptions.SeedFleetDocument"/> once the cluster answers, but only into an empty fleet, so a
/// restart never overwrites what an administrator changed since. Tells <see cref="FleetReadiness"/> when the seed is
/// done, so health says SERVING only once the fleet the operator configured is there.
/// </summary>
public sealed class FleetSeeder(
    IClusterClient cluster,
    IOptions<SeedOptions> options,
    FleetReadiness readiness,
    ILogger<FleetSeeder> logger,
    FleetValidationOptions validation,
    SeedGate? gate = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = options.Value.SeedFleetDocument;
        if (string.IsNullOrWhiteSpace(path))
        {
            readiness.SeedDone();
            return;
        }

        if (!File.Exists(path))
        {
            readiness.SeedFailed($"the seed fleet document {path} does not exist");
            logger.LogError("Seed document {Path} does not exist; the API stays not ready", path);
            return;
        }

        var read = FleetDocumentReader.Read(await File.ReadAllTextAsync(path, stoppingToken), null, null, validation);
        if (!read.IsValid)
        {
            readiness.SeedFailed($"the seed fleet document {path} is invalid");
            logger.LogError("Seed document {Path} is invalid: {Violations}; the API stays not ready", path, string.Join("; ", read.Violations.Select(v => $"{v.Field}: {v.Description}")));
            return;
        }

        if (gate is not null)
        {
            await gate.WaitAsync(stoppingToken);
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
                    readiness.SeedDone();
                    return;
                }

                var result = await fleet.ApplyAsync(read.Document!, new FleetApplyOptions(DryRun: false, Prune: false, Actor: "seed") { Validation = validation }, stoppingToken);
                logger.LogInformation("Seeded the fleet from {Path}: {Changes} changes, generation {Generation}", path, result.Changes.Count, result.Generation);
                readiness.SeedDone();
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
