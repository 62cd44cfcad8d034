using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ZtFleet.AppHost.Postgres;

internal static partial class LocalPostgresBuilderExtensions
{
    /// <summary>
    /// Adds the locally installed PostgreSQL server as an executable resource: data kept between runs in a folder,
    /// initialised with <c>initdb</c> on first run, on a fixed port of 127.0.0.1, healthy once the ZtFleet database
    /// exists. Returns null, after saying why in the log, when there is no usable server or it is switched off
    /// (<c>ZtFleet:Postgres:Enabled=false</c>).
    /// </summary>
    public static IResourceBuilder<LocalPostgresResource>? AddLocalPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var options = builder.Configuration.GetSection(LocalPostgresOptions.SectionName).Get<LocalPostgresOptions>() ?? new();
        if (!DatabaseName().IsMatch(options.Database))
        {
            throw new InvalidOperationException(
                $"ZtFleet:Postgres:Database must be a plain lower-case identifier, not '{options.Database}'.");
        }

        if (options.MaxConnections is < 10 or > 10_000)
        {
            throw new InvalidOperationException(
                $"ZtFleet:Postgres:MaxConnections must be from 10 to 10000, not {options.MaxConnections}.");
        }

        if (!options.Enabled)
        {
            builder.LogOnStart(LogLevel.Warning, "PostgreSQL is switched off (ZtFleet:Postgres:Enabled=false).");
            return null;
        }

        var installation = PostgresInstallation.Find(options.BinDirectory, out var reason);
        if (installation is null)
        {
            builder.LogOnStart(LogLevel.Warning, $"PostgreSQL is not available: {reason}.");
            return null;
        }

        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(options.DataDirectory)
            ? LocalPostgresOptions.DefaultDataDirectory(installation.RunningAsRoot)
            : options.DataDirectory);

        var (command, args) = installation.ServerCommand(
            "-D", dataDirectory,
            "-p", options.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Loopback TCP only: no Unix socket, whose path could be too long or unwritable for the server's user.
            "-c", "listen_addresses=127.0.0.1",
            "-c", "unix_socket_directories=",
            // Enough for the silos' and the API's pools with headroom (see LocalPostgresOptions.MaxConnections).
            "-c", $"max_connections={options.MaxConnections.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

        var server = new LocalPostgresResource(name, command, "/", dataDirectory, options.Port, options.Database);

        var healthCheckKey = $"{name}-database-ready";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new PostgresDatabaseHealthCheck(server), failureStatus: default, tags: default));

        return builder.AddResource(server)
            .WithArgs([.. args])
            .WithEndpoint(port: options.Port, targetPort: options.Port, scheme: "tcp", name: "tcp", isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .WithIconName("Database")
            .OnBeforeResourceStarted((resource, startingEvent, cancellationToken) =>
            {
                var logger = startingEvent.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
                return LocalPostgresStartup.PrepareAsync(installation, resource, logger, cancellationToken);
            });
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
