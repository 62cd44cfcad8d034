using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Export;

/// <summary>
/// Checks <c>ZtFleet:Export</c> at start: every destination parses (<see cref="ExportDestination.Parse"/>), names are
/// unique, and the reading limits are sane. The API does not start with a wrong destination: a SIEM that silently
/// receives nothing is worse than a process that says why it stopped.
/// </summary>
internal sealed class ExportOptionsValidator(IHostEnvironment environment) : IValidateOptions<ExportOptions>
{
    public ValidateOptionsResult Validate(string? name, ExportOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Destinations.Count; i++)
        {
            var destination = ExportDestination.Parse(options.Destinations[i], i, environment.IsDevelopment(), errors);
            if (destination is not null && !names.Add(destination.Name))
            {
                errors.Add($"{ExportOptions.Section}:Destinations:{i}: the name '{destination.Name}' is used twice.");
            }
        }

        Check(options.BatchSize is >= 1 and <= 10_000, "BatchSize must be between 1 and 10000.");
        Check(options.PollInterval >= TimeSpan.FromMilliseconds(10) && options.PollInterval <= TimeSpan.FromMinutes(1), "PollInterval must be between 10 ms and 1 minute.");
        Check(options.StandbyRetry >= TimeSpan.FromMilliseconds(100) && options.StandbyRetry <= TimeSpan.FromMinutes(5), "StandbyRetry must be between 100 ms and 5 minutes.");
        Check(options.MinBackoff >= TimeSpan.FromMilliseconds(10) && options.MinBackoff <= options.MaxBackoff, "MinBackoff must be at least 10 ms and at most MaxBackoff.");
        Check(options.MaxBackoff <= TimeSpan.FromMinutes(10), "MaxBackoff must be at most 10 minutes.");
        Check(options.RetentionInterval >= TimeSpan.FromSeconds(1), "RetentionInterval must be at least 1 second.");
        Check(options.DecisionQueueCapacity is >= 1 and <= 10_000_000, "DecisionQueueCapacity must be between 1 and 10000000.");
        Check(options.MaxPoolSize is >= 2 and <= 1000, "MaxPoolSize must be between 2 and 1000.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add($"{ExportOptions.Section}:{message}");
            }
        }
    }
}
