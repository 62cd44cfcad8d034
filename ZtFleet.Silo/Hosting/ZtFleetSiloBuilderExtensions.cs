using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;
using ZtFleet.Grains.Hosting;
using ZtFleet.ServiceDefaults;
using ZtFleet.Silo.Database;

namespace ZtFleet.Silo.Hosting;

/// <summary>
/// The one place that decides which Orleans providers a ZtFleet silo uses, shared by the silo host, the tests
/// and the benchmarks so that they all run the same configuration.
/// </summary>
public static class ZtFleetSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>
    /// Configures a whole silo: the grains' services, cluster identity, endpoints, clustering, grain storage,
    /// reminders and streams.
    /// </summary>
    /// <remarks>
    /// With a connection string: ADO.NET clustering on PostgreSQL (any number of silos), and the schema is
    /// applied at the first stage of the silo lifecycle. Without: one silo on localhost clustering, in memory,
    /// with a loud warning at start.
    /// </remarks>
    public static ISiloBuilder UseZtFleet(this ISiloBuilder silo, ZtFleetSiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        // Every provider gets the connection string with this silo's pool limits (see ZtFleetSiloOptions.MaxPoolSize).
        var connectionString = options.PooledConnectionString;
        silo.Services.AddZtFleetGrains(connectionString);

        if (options.IsInMemory)
        {
            silo.UseLocalhostClustering(
                options.SiloPort,
                options.GatewayPort,
                primarySiloEndpoint: null,
                serviceId: options.ServiceId,
                clusterId: options.ClusterId);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, InMemoryModeWarning>();
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.Configure<EndpointOptions>(endpoints =>
            {
                endpoints.SiloPort = options.SiloPort;
                endpoints.GatewayPort = options.GatewayPort;
                if (options.AdvertisedIPAddress is { } address)
                {
                    endpoints.AdvertisedIPAddress = address;
                }
            });
            silo.UseAdoNetClustering(clustering =>
            {
                clustering.Invariant = Invariant;
                clustering.ConnectionString = connectionString;
            });
        }

        return silo.UseZtFleetPersistence(connectionString);
    }

    /// <summary>
    /// Configures grain storage (<see cref="ProviderNames.Storage"/>), the stream pub/sub store
    /// (<see cref="ProviderNames.PubSubStore"/>), reminders and the plant delta streams
    /// (<see cref="ProviderNames.PlantDeltaStreams"/>, memory streams), on PostgreSQL when
    /// <paramref name="connectionString"/> is set and in memory otherwise. Clustering is left to the caller,
    /// so an Orleans <c>TestCluster</c> can use it.
    /// </summary>
    /// <remarks>
    /// Grain state is serialized by the <c>IGrainStorageSerializer</c> registered in the container (the grains
    /// decide it), since neither storage sets one of its own. The connection string gets the default pool limits
    /// (<see cref="ZtFleetSiloOptions.DefaultMaxPoolSize"/>) where it sets none. Both grain storages are wrapped so
    /// that database failures reach callers as ZtFleet's serialisable storage exceptions
    /// (<see cref="FailureTranslatingGrainStorage"/>).
    /// </remarks>
    public static ISiloBuilder UseZtFleetPersistence(this ISiloBuilder silo, string? connectionString)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = DatabasePool.WithLimits(
                connectionString, ZtFleetSiloOptions.DefaultMaxPoolSize, DatabasePool.DefaultConnectionTimeoutSeconds, "ztfleet-silo");
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            silo.AddMemoryGrainStorage(ProviderNames.Storage)
                .AddMemoryGrainStorage(ProviderNames.PubSubStore)
                .UseInMemoryReminderService();
        }
        else
        {
            AddSchemaInitializer(silo.Services, connectionString);
            silo.AddAdoNetGrainStorage(ProviderNames.Storage, storage =>
                {
                    storage.Invariant = Invariant;
                    storage.ConnectionString = connectionString;
                })
                .AddAdoNetGrainStorage(ProviderNames.PubSubStore, storage =>
                {
                    storage.Invariant = Invariant;
                    storage.ConnectionString = connectionString;
                })
                .UseAdoNetReminderService(reminders =>
                {
                    reminders.Invariant = Invariant;
                    reminders.ConnectionString = connectionString;
                });
            TranslateStorageFailures(silo.Services, ProviderNames.Storage);
            TranslateStorageFailures(silo.Services, ProviderNames.PubSubStore);
            TranslateReminderFailures(silo.Services);

            // Orleans' own stream registry state is not written for System.Text.Json (no usable constructor): it keeps
            // the Orleans binary serializer, while ZtFleet's grains store readable JSON.
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(ProviderNames.PubSubStore)
                .Configure<Serializer>((storage, serializer) => storage.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer));
        }

        // Streams are the fast path only; the delta log is the source of truth (see DESIGN.md). Queues are polled
        // every 10 ms: a revocation must reach enforcement points in tens of milliseconds, not a tenth of a second.
        silo.AddMemoryStreams(ProviderNames.PlantDeltaStreams, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));

        // Security events (MFA lockouts) for monitors; the audit chain is their record.
        silo.AddMemoryStreams(ProviderNames.SecurityEventStreams);

        // New and changed detections per plant, for MonitoringService.WatchDetections; the detection table is their
        // record. Polled as often as the delta streams: a detection should reach a watching analyst at once.
        silo.AddMemoryStreams(ProviderNames.DetectionStreams, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
        return silo;
    }

    /// <summary>
    /// Replaces the keyed grain storage <paramref name="name"/> with a <see cref="FailureTranslatingGrainStorage"/>
    /// around the provider's own factory. Orleans also registers the keyed storage as a silo lifecycle participant;
    /// the wrapper forwards that too.
    /// </summary>
    private static void TranslateStorageFailures(IServiceCollection services, string name)
    {
        var registered = services.Single(service =>
            service.ServiceType == typeof(IGrainStorage) && service.IsKeyedService && Equals(service.ServiceKey, name));
        var factory = registered.KeyedImplementationFactory
            ?? throw new InvalidOperationException($"Grain storage '{name}' is not registered through a factory.");
        services.Remove(registered);
        services.AddKeyedSingleton<IGrainStorage>(name, (provider, key) => new FailureTranslatingGrainStorage(
            (IGrainStorage)factory(provider, key),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger($"{typeof(FailureTranslatingGrainStorage).FullName}.{name}")));
    }

    /// <summary>Replaces the reminder table with a <see cref="FailureTranslatingReminderTable"/> around it.</summary>
    private static void TranslateReminderFailures(IServiceCollection services)
    {
        var registered = services.Last(service => service.ServiceType == typeof(IReminderTable) && !service.IsKeyedService);
        services.Remove(registered);
        services.AddSingleton<IReminderTable>(provider => new FailureTranslatingReminderTable(
            registered.ImplementationFactory is { } factory ? (IReminderTable)factory(provider)
            : registered.ImplementationInstance is IReminderTable instance ? instance
            : (IReminderTable)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<FailureTranslatingReminderTable>()));
    }

    private static void AddSchemaInitializer(IServiceCollection services, string connectionString)
    {
        if (services.Any(service => service.ServiceType == typeof(DatabaseSchemaInitializer)))
        {
            return;
        }

        services.AddSingleton(provider => new DatabaseSchemaInitializer(
            connectionString, provider.GetRequiredService<ILogger<DatabaseSchemaInitializer>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
            provider => provider.GetRequiredService<DatabaseSchemaInitializer>());
    }
}
