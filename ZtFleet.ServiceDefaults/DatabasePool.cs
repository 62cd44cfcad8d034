using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ZtFleet.ServiceDefaults;

/// <summary>
/// The explicit Npgsql pool limits every ZtFleet process puts on its PostgreSQL connection strings, so that the
/// connections all processes can open together are a number an operator can add up against the server's
/// <c>max_connections</c> (docs/persistence.md does the sum).
/// </summary>
/// <remarks>
/// Npgsql keeps one pool per distinct connection string per process (and one per <c>NpgsqlDataSource</c>), 100
/// connections at most by default: two silos and an API could ask a default server (<c>max_connections</c> 100) for
/// several hundred and get <c>53300: sorry, too many clients already</c>. A value the operator wrote into the
/// connection string always wins over these defaults.
/// </remarks>
public static class DatabasePool
{
    /// <summary>Configuration key: the maximum of each Npgsql pool the process opens.</summary>
    public const string MaxPoolSizeKey = "ZtFleet:Database:MaxPoolSize";

    /// <summary>
    /// Configuration key: seconds to wait for a connection, both to open one and for a free one when the pool is at
    /// its maximum (Npgsql's <c>Timeout</c>); after that the caller is told the database is unavailable.
    /// </summary>
    public const string ConnectionTimeoutKey = "ZtFleet:Database:ConnectionTimeout";

    /// <summary>
    /// 15 s, Npgsql's own default, written out: it is below Orleans' 30 s grain call timeout, so a caller waiting for
    /// a connection hears "unavailable" from the storage before its call times out.
    /// </summary>
    public const int DefaultConnectionTimeoutSeconds = 15;

    /// <summary>Npgsql's upper limit for <c>Timeout</c>.</summary>
    public const int MaxConnectionTimeoutSeconds = 1024;

    private static readonly string[] MaxPoolSizeKeywords = ["maximumpoolsize", "maxpoolsize"];
    private static readonly string[] TimeoutKeywords = ["timeout", "connecttimeout", "connectiontimeout"];
    private static readonly string[] ApplicationNameKeywords = ["applicationname"];

    /// <summary>
    /// <paramref name="connectionString"/> with <c>Maximum Pool Size</c>, <c>Timeout</c> and <c>Application Name</c>
    /// added where it does not set them (the application name shows in <c>pg_stat_activity</c>, so an operator sees
    /// whose connections they are).
    /// </summary>
    public static string WithLimits(string connectionString, int maxPoolSize, int connectionTimeoutSeconds, string applicationName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoolSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(connectionTimeoutSeconds, 1);

        var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = builder.Keys.Cast<string>().Select(Normalize).ToHashSet(StringComparer.Ordinal);
        if (!MaxPoolSizeKeywords.Any(keys.Contains))
        {
            builder["Maximum Pool Size"] = maxPoolSize.ToString(CultureInfo.InvariantCulture);
        }

        if (!TimeoutKeywords.Any(keys.Contains))
        {
            builder["Timeout"] = connectionTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        }

        if (!ApplicationNameKeywords.Any(keys.Contains))
        {
            builder["Application Name"] = applicationName;
        }

        return builder.ConnectionString;
    }

    /// <summary>Reads a positive whole number, or <paramref name="fallback"/> when the key is absent.</summary>
    /// <exception cref="InvalidOperationException">The value is not a whole number in range; the message names the key.</exception>
    public static int ReadSetting(IConfiguration configuration, string key, int fallback, int maximum)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= maximum
            ? number
            : throw new InvalidOperationException($"{key} '{value}' is not a whole number from 1 to {maximum}.");
    }

    private static string Normalize(string keyword) => keyword.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
}
