using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Hosting;

/// <summary>Services the grains need, registered by every silo (and by the test cluster).</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains depend on. With a PostgreSQL connection string, audit records and the export outbox
    /// go to the database; without one they live in memory (development mode).
    /// </summary>
    public static IServiceCollection AddZtFleetGrains(this IServiceCollection services, string? connectionString = null)
    {
        services.AddZtFleetSerialization();
        services.AddSingleton(CreateStorageSerializer());
        services.TryAddSingleton(ControlPlaneClock.Machine);
        services.TryAddSingleton<IDetectionTrustFeed, GrainDetectionTrustFeed>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IExportOutbox, InMemoryExportOutbox>();
            services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
            services.TryAddSingleton<IDeltaLogStore, InMemoryDeltaLogStore>();
            services.TryAddSingleton<IAcknowledgementStore, InMemoryAcknowledgementStore>();
            services.TryAddSingleton<IDetectionStore, InMemoryDetectionStore>();
            services.TryAddSingleton<IObservedFlowStore, InMemoryObservedFlowStore>();
        }
        else
        {
            services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.TryAddSingleton<PostgresExportOutbox>();
            services.TryAddSingleton<IExportOutbox>(provider => provider.GetRequiredService<PostgresExportOutbox>());

            // Audit records and their export records commit together (docs/export.md).
            services.TryAddSingleton<IAuditStore>(provider => new PostgresAuditStore(
                provider.GetRequiredService<NpgsqlDataSource>(),
                provider.GetService<Microsoft.Extensions.Logging.ILogger<PostgresAuditStore>>(),
                exportAudit: true));
            services.TryAddSingleton<IDeltaLogStore, PostgresDeltaLogStore>();
            services.TryAddSingleton<IAcknowledgementStore, PostgresAcknowledgementStore>();
            services.TryAddSingleton<IDetectionStore, PostgresDetectionStore>();
            services.TryAddSingleton<IObservedFlowStore, PostgresObservedFlowStore>();
        }

        return services;
    }

    /// <summary>The serializer grain storage uses: readable JSON in PostgreSQL, the same options as on the wire.</summary>
    private static IGrainStorageSerializer CreateStorageSerializer()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        PlantDeltaJson.Configure(options.JsonSerializerOptions);
        return new SystemTextJsonGrainStorageSerializer(Options.Create(options));
    }
}
