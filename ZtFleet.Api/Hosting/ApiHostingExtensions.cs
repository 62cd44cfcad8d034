using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Configuration;
using ZtFleet.Api.Access;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.Errors;
using ZtFleet.Api.Fleet;
using ZtFleet.Api.Decisions;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Quarantine;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.ServiceDefaults;

namespace ZtFleet.Api.Hosting;

/// <summary>Wires the API process: gRPC services, authentication, audit, and the Orleans client.</summary>
public static class ApiHostingExtensions
{
    /// <summary>The local default: plain HTTP/2 (h2c) on loopback. Configure Kestrel endpoints for TLS.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The API's Npgsql pool maximum by default: the gateway list is one small query a minute.</summary>
    public const int DefaultMaxPoolSize = 4;

    public static IHostApplicationBuilder AddZtFleetApi(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));

        builder.Services.AddZtFleetCredentials();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        builder.Services.TryAddSingleton(ControlPlaneClock.Machine);
        builder.Services.AddSingleton<AuditWriter>();
        builder.Services.AddSingleton<ZtFleet.Api.Flows.FlowChecks>();
        builder.Services.AddPlantViews();
        builder.Services.AddSingleton<EnforcementPointCredentials>();
        builder.Services.AddSingleton<EnforcementAudit>();
        builder.Services.AddZtFleetMfa(builder.Configuration);

        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = 10 * 1024 * 1024;
            grpc.Interceptors.Add<ExceptionInterceptor>();
            grpc.Interceptors.Add<RefusalAuditInterceptor>();
            grpc.Interceptors.Add<AuthInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.AddHostedService<FleetSeeder>();

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
        return builder;
    }

    /// <summary>
    /// The API's only database use is its Orleans client reading the gateway list now and then, so its one Npgsql
    /// pool is small: <c>ZtFleet:Database:MaxPoolSize</c>, <see cref="DefaultMaxPoolSize"/> unless configured or set
    /// in the connection string itself. Null without a database (localhost clustering).
    /// </summary>
    private static string? DatabaseConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("pg");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration["ZtFleet:Database:ConnectionString"];
        }

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

    public static WebApplication MapZtFleetApi(this WebApplication app)
    {
        app.MapGrpcService<FleetApiService>();
        app.MapGrpcService<EnforcementApiService>();
        app.MapGrpcService<AccessApiService>();
        app.MapGrpcService<DecisionApiService>();
        app.MapGrpcService<ZtFleet.Api.Flows.FlowApiService>();
        app.MapGrpcService<QuarantineApiService>();
        app.MapGrpcService<CredentialApiService>();
        app.MapGrpcHealthChecksService();
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        return app;
    }

    /// <summary>Reports the API unhealthy while it cannot reach the cluster.</summary>
    private sealed class ClusterHealthCheck(IClusterClient cluster) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await cluster.GetGrain<Grains.Fleet.IFleetGrain>(GrainKeys.Fleet).GetOverviewAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("cluster unreachable", ex);
            }
        }
    }
}
