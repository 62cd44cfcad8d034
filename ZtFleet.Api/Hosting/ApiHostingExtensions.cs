using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using ZtFleet.Api.Access;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.Errors;
using ZtFleet.Api.Export;
using ZtFleet.Api.Fleet;
using ZtFleet.Api.Limits;
using ZtFleet.Api.Decisions;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Rest;
using ZtFleet.Api.Quarantine;
using ZtFleet.Api.Trust;
using ZtFleet.Api.Security;
using ZtFleet.Api.Telemetry;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Hosting;
using ZtFleet.ServiceDefaults;

using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Hosting;

/// <summary>Wires the API process: gRPC services, authentication, audit, and the Orleans client.</summary>
public static class ApiHostingExtensions
{
    /// <summary>The local default: plain HTTP/2 (h2c) on loopback. Configure Kestrel endpoints for TLS.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The API's Npgsql pool maximum by default: the gateway list is one small query a minute.</summary>
    public const int DefaultMaxPoolSize = 4;

    /// <summary>The gRPC services whose health <c>grpc.health.v1</c> reports (besides the whole server, "").</summary>
    private static readonly string[] ServedServices =
    [
        ZtFleet.Api.V1.FleetService.Descriptor.FullName,
        ZtFleet.Api.V1.EnforcementService.Descriptor.FullName,
        ZtFleet.Api.V1.AccessService.Descriptor.FullName,
        ZtFleet.Api.V1.DecisionService.Descriptor.FullName,
        ZtFleet.Api.V1.FlowService.Descriptor.FullName,
        ZtFleet.Api.V1.QuarantineService.Descriptor.FullName,
        ZtFleet.Api.V1.TrustService.Descriptor.FullName,
        ZtFleet.Api.V1.TelemetryService.Descriptor.FullName,
        ZtFleet.Api.V1.AuditService.Descriptor.FullName,
        ZtFleet.Api.V1.ExportService.Descriptor.FullName,
    ];

    public static IHostApplicationBuilder AddZtFleetApi(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2);
            ServerLimits.Apply(kestrel.Limits);
        });

        builder.Services.AddZtFleetCredentials();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        builder.Services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(ControlPlaneClock.Machine);
        builder.Services.AddSingleton<AuditWriter>();

        // The pure core never reads the environment: plain-HTTP playbook webhooks are allowed only in Development.
        builder.Services.AddSingleton(new FleetValidationOptions { AllowHttpWebhooks = builder.Environment.IsDevelopment() });
        builder.Services.AddOptions<RefusalAuditOptions>().BindConfiguration(RefusalAuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RefusalAudit>();
        builder.Services.AddOptions<DenialAuditOptions>().BindConfiguration(DenialAuditOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DenialAudit>();
        builder.Services.AddSingleton<ZtFleet.Api.Flows.FlowChecks>();
        builder.Services.AddPlantViews();
        builder.Services.AddSingleton<EnforcementPointCredentials>();
        builder.Services.AddSingleton<CredentialGuard>();
        builder.Services.AddSingleton<EnforcementAudit>();
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<TelemetryThrottle>();
        builder.Services.AddZtFleetMfa(builder.Configuration);

        var grpcBuilder = builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = ServerLimits.MaxReceiveMessageSize;

            // Outermost first. Decoded marks a call whose request decoded (undecodable ones become INVALID_ARGUMENT);
            // the audit sees every refusal as the status the exception interceptor made of it.
            grpc.Interceptors.Add<UndecodableRequests.Decoded>();
            grpc.Interceptors.Add<RefusalAuditInterceptor>();
            grpc.Interceptors.Add<ExceptionInterceptor>();

            // Lengths first: before authentication and every service reads (or quotes) a field.
            grpc.Interceptors.Add<RequestLimitsInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
            grpc.Interceptors.Add<StreamLimitInterceptor>();
        });
        builder.Services.AddSingleton<StreamLimitInterceptor>();

        // REST/JSON beside gRPC (docs/rest.md): the google.api.http rules of the protos, through the same interceptors.
        grpcBuilder.AddJsonTranscoding(RestExtensions.ConfigureTranscoding);
        builder.Services.AddZtFleetOpenApi();
        builder.Services.AddGrpcReflection();
        builder.Services.AddOptions<ApiHealthOptions>().BindConfiguration(ApiHealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<FleetReadiness>();
        builder.Services.AddSingleton<ClusterWriteHealthCheck>();
        builder.Services.AddSingleton<FleetReadinessHealthCheck>();

        // Readiness, not liveness: the whole server and each service are NOT_SERVING until the seed fleet is applied
        // and the plant views are loaded, and while the cluster or the database cannot take a write. The same checks
        // answer ServiceDefaults' HTTP /health.
        builder.Services.AddGrpcHealthChecks(health =>
            {
                foreach (var service in ServedServices)
                {
                    health.Services.Map(service, _ => true);
                }
            })
            .AddCheck<ClusterWriteHealthCheck>(ClusterWriteHealthCheck.Name)
            .AddCheck<FleetReadinessHealthCheck>(FleetReadinessHealthCheck.Name);
        builder.Services.AddHostedService<FleetSeeder>();
        builder.Services.AddHostedService<Enforcement.PropagationGauges>();

        var connectionString = DatabaseConnectionString(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "ztfleet-dev";
                options.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "ztfleet";
            });

            // The plant views subscribe to the plants' delta streams (the fast path; the log is the truth).
            client.AddMemoryStreams(ProviderNames.PlantDeltaStreams);

            // Security events (MFA lockouts) a monitor in or beside the API may subscribe to.
            client.AddMemoryStreams(ProviderNames.SecurityEventStreams);

            // New and changed detections per plant (MonitoringService.WatchDetections).
            client.AddMemoryStreams(ProviderNames.DetectionStreams);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                client.UseLocalhostClustering(int.TryParse(builder.Configuration["Orleans:GatewayPort"], out var port) ? port : 30000);
            }
            else
            {
                client.UseAdoNetClustering(options =>
                {
                    options.Invariant = "Npgsql";
                    options.ConnectionString = connectionString;
                });
            }
        });
        builder.Services.AddZtFleetSerialization();

        // After the Orleans client: hosted services stop in reverse order, so the pending refusal counts are written
        // while the client still runs.
        builder.Services.AddHostedService(services => services.GetRequiredService<RefusalAudit>());
        builder.Services.AddHostedService(services => services.GetRequiredService<DenialAudit>());

        // The SIEM export reads the outbox in PostgreSQL with its own small pool (docs/export.md).
        builder.Services.AddZtFleetExport(RawConnectionString(builder.Configuration));
        return builder;
    }

    /// <summary>
    /// The API's only database use is its Orleans client reading the gateway list now and then, so its one Npgsql
    /// pool is small: <c>ZtFleet:Database:MaxPoolSize</c>, <see cref="DefaultMaxPoolSize"/> unless configured or set
    /// in the connection string itself. Null without a database (localhost clustering).
    /// </summary>
    private static string? DatabaseConnectionString(IConfiguration configuration)
    {
        var connectionString = RawConnectionString(configuration);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        return DatabasePool.WithLimits(
            connectionString,
            DatabasePool.ReadSetting(configuration, DatabasePool.MaxPoolSizeKey, DefaultMaxPoolSize, 1000),
            DatabasePool.ReadSetting(
                configuration, DatabasePool.ConnectionTimeoutKey, DatabasePool.DefaultConnectionTimeoutSeconds, DatabasePool.MaxConnectionTimeoutSeconds),
            "ztfleet-api");
    }

    /// <summary>The configured connection string as given (<c>ConnectionStrings:pg</c>, else <c>ZtFleet:Database:ConnectionString</c>).</summary>
    private static string? RawConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("pg");
        return string.IsNullOrWhiteSpace(connectionString) ? configuration["ZtFleet:Database:ConnectionString"] : connectionString;
    }

    public static WebApplication MapZtFleetApi(this WebApplication app)
    {
        app.UseUndecodableRequestsAsInvalid();
        app.UseZtFleetRest();
        app.MapGrpcService<FleetApiService>();
        app.MapGrpcService<EnforcementApiService>();
        app.MapGrpcService<AccessApiService>();
        app.MapGrpcService<DecisionApiService>();
        app.MapGrpcService<ZtFleet.Api.Flows.FlowApiService>();
        app.MapGrpcService<QuarantineApiService>();
        app.MapGrpcService<TrustApiService>();
        app.MapGrpcService<TelemetryApiService>();
        app.MapGrpcService<CredentialApiService>();
        app.MapGrpcService<ZtFleet.Api.Monitoring.MonitoringApiService>();
        app.MapGrpcService<AuditApiService>();
        app.MapGrpcService<ZtFleet.Api.Response.ResponseApiService>();
        app.MapGrpcService<ZtFleet.Api.Incidents.IncidentApiService>();
        app.MapGrpcService<ExportApiService>();
        app.MapGrpcService<ZtFleet.Api.Vulnerabilities.VulnerabilityApiService>();
        app.MapGrpcService<ZtFleet.Api.Compliance.ComplianceApiService>();
        app.MapGrpcHealthChecksService();
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }
}
