using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZtFleet.AppHost;
using ZtFleet.AppHost.Cluster;
using ZtFleet.AppHost.Commands;
using ZtFleet.AppHost.Health;
using ZtFleet.AppHost.Postgres;

// ZtFleet on one machine: PostgreSQL, an Orleans cluster of two silos, the API, demo data and the Aspire dashboard.
// Runs without a container runtime. See docs/local-run.md.
var builder = DistributedApplication.CreateBuilder(args);

// Database: the locally installed PostgreSQL server, run as an executable. Null when there is none (or it is switched
// off), in which case the cluster runs in memory.
var pg = builder.AddLocalPostgres("pg");

// Cluster: membership, grain state and reminders in PostgreSQL (Orleans ADO.NET providers); the silos apply the db/
// schema themselves before they start.
var cluster = builder.Configuration.GetSection(LocalClusterOptions.SectionName).Get<LocalClusterOptions>() ?? new();
var siloCount = pg is null ? 1 : cluster.Silos;
if (pg is null)
{
    builder.LogOnStart(LogLevel.Warning,
        "Running ONE in-memory silo (localhost clustering, in-memory storage): everything is lost when it stops. "
        + "Install the PostgreSQL server binaries for the two-silo cluster (see docs/local-run.md).");
}

// Silos
var silos = new List<IResourceBuilder<ProjectResource>>();
for (var ordinal = 1; ordinal <= siloCount; ordinal++)
{
    var silo = builder.AddZtFleetProject<Projects.ZtFleet_Silo>($"silo-{ordinal}")
        .WithHttpEndpoint(name: "http")
        .WithOrleansCluster(cluster)
        .WithSiloEndpoints(cluster, ordinal, "http", healthEndpoint: builder.Environment.IsDevelopment());

    if (pg is not null)
    {
        silo.WithReference(pg).WaitFor(pg);
    }
    else
    {
        silo.WithStartupNote(LogLevel.Warning, "No PostgreSQL: this is the only silo and it keeps everything in memory.");
    }

    silos.Add(silo);
}

// API: the only door from outside, h2c on a fixed loopback port; an Orleans client of the cluster.
var apiOptions = builder.Configuration.GetSection(LocalApiOptions.SectionName).Get<LocalApiOptions>() ?? new();
// The development signing key is in appsettings.Development.json only; elsewhere the key is a secret to provide, and
// the API refuses to start with none, a weak one, or the development key.
var signingKey = builder.AddParameter("auth-signing-key", secret: true);
if (!builder.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(builder.Configuration["Parameters:auth-signing-key"]))
{
    builder.LogOnStart(LogLevel.Warning,
        $"No signing key for the API in the {builder.Environment.EnvironmentName} environment: set Parameters:auth-signing-key "
        + "(user secrets, or the environment variable Parameters__auth-signing-key) to \"base64:$(openssl rand -base64 32)\". See docs/local-run.md.");
}

var api = builder.AddZtFleetProject<Projects.ZtFleet_Api>("api")
    .WithHttpEndpoint(port: apiOptions.Port, targetPort: apiOptions.Port, name: "grpc", isProxied: false)
    .WithEnvironment("ASPNETCORE_URLS", $"http://127.0.0.1:{apiOptions.Port.ToString(CultureInfo.InvariantCulture)}")
    .AsHttp2Service()
    .WithGrpcHealthCheck("grpc")
    .WithOrleansCluster(cluster)
    .WithEnvironment("ZtFleet__Auth__SigningKey", signingKey);

if (pg is not null)
{
    // The gateways are found in the membership table.
    api.WithReference(pg);
}
else
{
    // Localhost clustering: the one silo's gateway.
    api.WithEnvironment("Orleans__GatewayPort", cluster.FirstGatewayPort.ToString(CultureInfo.InvariantCulture));
}

foreach (var silo in silos)
{
    api.WaitFor(silo);
}

// Demo data: the API applies the demo fleet document at start when the fleet is empty.
string? demoFleet = null;
if (!string.IsNullOrWhiteSpace(apiOptions.SeedFleetDocument))
{
    var fleetDocument = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, apiOptions.SeedFleetDocument));
    if (File.Exists(fleetDocument))
    {
        api.WithEnvironment("ZtFleet__SeedFleetDocument", fleetDocument);
        demoFleet = fleetDocument;
    }
    else
    {
        builder.LogOnStart(LogLevel.Warning, $"No demo data: {fleetDocument} does not exist (ZtFleet:Api:SeedFleetDocument).");
    }
}

// Web console: a browser's door, beside the API; it reaches the cluster only through the API (gRPC, the user's token).
// In Development it offers the development sign-in, which signs tokens with the same key as the API.
var consoleOptions = builder.Configuration.GetSection(LocalConsoleOptions.SectionName).Get<LocalConsoleOptions>() ?? new();
var console = builder.AddZtFleetProject<Projects.ZtFleet_Console>("console")
    .WithHttpEndpoint(port: consoleOptions.Port, targetPort: consoleOptions.Port, name: "http", isProxied: false)
    .WithEnvironment("ASPNETCORE_URLS", $"http://127.0.0.1:{consoleOptions.Port.ToString(CultureInfo.InvariantCulture)}")
    .WithEnvironment("ZtFleet__Console__ApiAddress", $"http://127.0.0.1:{apiOptions.Port.ToString(CultureInfo.InvariantCulture)}")
    .WaitFor(api);
if (builder.Environment.IsDevelopment())
{
    // /health is mapped in Development (ServiceDefaults); the development sign-in needs the API's signing key.
    console.WithHttpHealthCheck("/health").WithEnvironment("ZtFleet__Auth__SigningKey", signingKey);
}

// Resource commands on the API (dashboard: the api's "..." menu): print an admin token, apply the demo fleet.
api.WithApiCommands(signingKey, apiOptions.Port, demoFleet);

builder.Build().Run();
