using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ZtFleet.Silo.Hosting;

/// <summary>Turns a host into a ZtFleet silo.</summary>
public static class ZtFleetSiloHostingExtensions
{
    /// <summary>
    /// Hosts a ZtFleet silo configured from <see cref="ZtFleetSiloOptions.FromConfiguration"/>: on PostgreSQL
    /// when <c>ConnectionStrings:pg</c> or <c>ZtFleet:Database:ConnectionString</c> is set (the schema is applied
    /// before membership, storage or reminders start), otherwise one in-memory silo.
    /// </summary>
    public static TBuilder AddZtFleetSilo<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = ZtFleetSiloOptions.FromConfiguration(builder.Configuration);

        // Orleans 10 logs every placement decision through Polly at Information.
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseZtFleet(options));

        // /health (ServiceDefaults, Development): healthy once the silo is an active cluster member.
        builder.Services.AddHealthChecks().AddCheck<SiloActiveHealthCheck>(SiloActiveHealthCheck.Name);
        return builder;
    }
}
