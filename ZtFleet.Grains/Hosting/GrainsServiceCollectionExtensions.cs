using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Serialization;
using Orleans.Storage;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Compliance;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Export;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Propagation;
using ZtFleet.Grains.Response;
using ZtFleet.Grains.Vulnerabilities;
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
        services.AddOptions<AuditCheckpointOptions>()
            .BindConfiguration(AuditCheckpointOptions.Section)
            .Validate(o => o.CheckpointInterval >= TimeSpan.FromMinutes(1) && o.CheckpointInterval <= TimeSpan.FromDays(1),
                "ZtFleet:Audit:CheckpointInterval must be between 1 minute and 1 day.")
            .Validate(o => AuditCheckpointSigner.Problem(o.SigningKey) is null, "ZtFleet:Audit:SigningKey must name a readable ECDSA P-256 or Ed25519 private key in PEM.")
            .ValidateOnStart();
        services.TryAddSingleton<AuditCheckpointSigner>();
        services.TryAddSingleton<IResponseSettingsSource, FleetResponseSettingsSource>();
        services.TryAddSingleton<IResponseWebhook>(_ => new HttpResponseWebhook(new HttpClient { Timeout = HttpResponseWebhook.Timeout }));
        services.TryAddSingleton<IComplianceAssessor, ComplianceAssessor>();
        services.AddOptions<ComplianceOptions>()
            .BindConfiguration(ComplianceOptions.Section)
            .Validate(o => o.IsValid, "ZtFleet:Compliance:AssessmentInterval must be between 10 minutes and 30 days.")
            .ValidateOnStart();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ComplianceScheduleStarter>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IExportOutbox, InMemoryExportOutbox>();
            services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
            services.TryAddSingleton<IAuditCheckpointStore, InMemoryAuditCheckpointStore>();
            services.TryAddSingleton<IDeltaLogStore, InMemoryDeltaLogStore>();
            services.TryAddSingleton<IAcknowledgementStore, InMemoryAcknowledgementStore>();
            services.TryAddSingleton<IDetectionStore, InMemoryDetectionStore>();
            services.TryAddSingleton<IObservedFlowStore, InMemoryObservedFlowStore>();
            services.TryAddSingleton<IIncidentStore, InMemoryIncidentStore>();
            services.TryAddSingleton<IFleetVersionStore, InMemoryFleetVersionStore>();
            services.TryAddSingleton<IVulnerabilityStore, InMemoryVulnerabilityStore>();
            services.TryAddSingleton<IComplianceStore, InMemoryComplianceStore>();
        }
        else
        {
            services.TryAddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            services.TryAddSingleton<IAuditCheckpointStore, PostgresAuditCheckpointStore>();
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
            services.TryAddSingleton<IIncidentStore, PostgresIncidentStore>();
            services.TryAddSingleton<IFleetVersionStore, PostgresFleetVersionStore>();
            services.TryAddSingleton<IVulnerabilityStore, PostgresVulnerabilityStore>();
            services.TryAddSingleton<IComplianceStore, PostgresComplianceStore>();
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
