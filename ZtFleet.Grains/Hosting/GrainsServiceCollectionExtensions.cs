using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Hosting;

/// <summary>Services the grains need, registered by every silo (and by the test cluster).</summary>
public static class GrainsServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the grains depend on. With a PostgreSQL connection string, audit records go to the
    /// database; without one they live in memory (development mode).
    /// </summary>
    public static IServiceCollection AddZtFleetGrains(this IServiceCollection services, string? connectionString = null)
    {
        services.AddZtFleetSerialization();
        services.AddSingleton(CreateStorageSerializer());
        services.TryAddSingleton(ControlPlaneClock.Machine);
        services.TryAddSingleton<IDetectionTrustFeed, GrainDetectionTrustFeed>();
        services.TryAddSingleton<IExportOutbox, InMemoryExportOutbox>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
            services.TryAddSingleton<IDeltaLogStore, InMemoryDeltaLogStore>();
            services.TryAddSingleton<IAcknowledgementStore, InMemoryAcknowledgementStore>();
            services.TryAddSingleton<IDetectionStore, InMemoryDetectionStore>();
            services.TryAddSingleton<IObservedFlowStore, InMemoryObservedFlowStore>();
            services.TryAddSingleton<IFleetVersionStore, InMemoryFleetVersionStore>();
        }
        else
        {
            services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.TryAddSingleton<IAuditStore, PostgresAuditStore>();
            services.TryAddSingleton<IDeltaLogStore, PostgresDeltaLogStore>();
            services.TryAddSingleton<IAcknowledgementStore, PostgresAcknowledgementStore>();
            services.TryAddSingleton<IDetectionStore, PostgresDetectionStore>();
            services.TryAddSingleton<IObservedFlowStore, PostgresObservedFlowStore>();
            services.TryAddSingleton<IFleetVersionStore, PostgresFleetVersionStore>();
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
