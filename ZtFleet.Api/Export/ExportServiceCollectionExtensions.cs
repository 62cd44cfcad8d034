using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Export;

/// <summary>Wires the SIEM export into the API process (docs/export.md).</summary>
public static partial class ExportServiceCollectionExtensions
{
    /// <summary>
    /// Registers the export's options (validated at start), and with a database the outbox reader, the exporter and
    /// the decision writer. Without one (development mode, memory storage) nothing is exported: destinations are
    /// still validated, and a warning says they are ignored.
    /// </summary>
    public static IServiceCollection AddZtFleetExport(this IServiceCollection services, string? connectionString)
    {
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ExportOptions>, ExportOptionsValidator>();
        services.TryAddSingleton<IExportFormatter, ExportFormatter>();
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddSingleton(provider => new ExportDatabase(connectionString, provider.GetRequiredService<IOptions<ExportOptions>>().Value.MaxPoolSize));
            services.AddSingleton<Exporter>();
            services.AddHostedService(provider => provider.GetRequiredService<Exporter>());
        }
        else
        {
            services.AddHostedService<NoDurableOutboxWarning>();
        }

        services.AddSingleton<DecisionExportWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<DecisionExportWriter>());
        return services;
    }

    /// <summary>Says at start that configured destinations receive nothing without PostgreSQL.</summary>
    private sealed partial class NoDurableOutboxWarning(IOptions<ExportOptions> options, ILogger<NoDurableOutboxWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.Destinations.Count > 0)
            {
                LogIgnored(logger, options.Value.Destinations.Count);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} export destination(s) configured, but the API runs without PostgreSQL: the export outbox needs it, nothing is exported")]
        private static partial void LogIgnored(ILogger logger, int count);
    }
}
