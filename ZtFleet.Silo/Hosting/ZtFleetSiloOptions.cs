using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using ZtFleet.ServiceDefaults;

namespace ZtFleet.Silo.Hosting;

/// <summary>How a ZtFleet silo is hosted: its database (or none), its cluster identity and its endpoints.</summary>
/// <remarks>
/// The configuration keys follow the Aspire and Orleans conventions, so an AppHost can set them as environment
/// variables (<c>ConnectionStrings__pg</c>, <c>Orleans__Endpoints__SiloPort</c>, ...).
/// </remarks>
public sealed class ZtFleetSiloOptions
{
    /// <summary>The Aspire connection name of the PostgreSQL database.</summary>
    public const string ConnectionName = "pg";

    /// <summary>The fallback configuration key of the connection string.</summary>
    public const string ConnectionStringKey = "ZtFleet:Database:ConnectionString";

    /// <summary>
    /// Npgsql connection string of the database holding membership, grain state, reminders, the delta log and
    /// the audit log. Null runs one silo in memory: localhost clustering, nothing survives a restart.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The default of <see cref="MaxPoolSize"/>. A silo opens two pools: the Orleans ADO.NET providers share one
    /// (they use the same connection string: clustering, grain storage, the pub/sub store, reminders, and the schema
    /// at start) and ZtFleet's delta and audit logs have their own <c>NpgsqlDataSource</c>. 2 × 20 = 40 connections
    /// per silo at most; <c>FanOut.DegreeOfParallelism</c> (16) keeps one fan-out of grain writes below one pool.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    /// <summary>The largest <see cref="MaxPoolSize"/> accepted.</summary>
    public const int MaxMaxPoolSize = 1000;

    /// <summary>
    /// <c>ZtFleet:Database:MaxPoolSize</c>: the maximum of each of the silo's two Npgsql pools, used when the
    /// connection string sets no <c>Maximum Pool Size</c> of its own.
    /// </summary>
    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>
    /// <c>ZtFleet:Database:ConnectionTimeout</c>: seconds a caller waits to open a connection or for a free one,
    /// used when the connection string sets no <c>Timeout</c>; then the caller is told the database is unavailable.
    /// </summary>
    public int ConnectionTimeout { get; set; } = DatabasePool.DefaultConnectionTimeoutSeconds;

    /// <summary>
    /// <see cref="ConnectionString"/> with this silo's pool limits (<see cref="MaxPoolSize"/>,
    /// <see cref="ConnectionTimeout"/>) where it sets none; null in memory mode.
    /// </summary>
    public string? PooledConnectionString => IsInMemory
        ? null
        : DatabasePool.WithLimits(ConnectionString!, MaxPoolSize, ConnectionTimeout, "ztfleet-silo");

    /// <summary><c>Orleans:ClusterId</c>: silos and clients with the same id form one cluster.</summary>
    public string ClusterId { get; set; } = "ztfleet-dev";

    /// <summary><c>Orleans:ServiceId</c>: part of every stored grain state's identity; keep it stable.</summary>
    public string ServiceId { get; set; } = "ztfleet";

    /// <summary><c>Orleans:Endpoints:SiloPort</c>: silo-to-silo port.</summary>
    public int SiloPort { get; set; } = EndpointOptions.DEFAULT_SILO_PORT;

    /// <summary><c>Orleans:Endpoints:GatewayPort</c>: port Orleans clients (the API) connect to.</summary>
    public int GatewayPort { get; set; } = EndpointOptions.DEFAULT_GATEWAY_PORT;

    /// <summary>
    /// <c>Orleans:Endpoints:AdvertisedIPAddress</c>: the address other silos and clients use to reach this one.
    /// Null lets Orleans pick this host's address. Ignored in memory mode, which is loopback only.
    /// </summary>
    public IPAddress? AdvertisedIPAddress { get; set; }

    /// <summary>True when no database is configured.</summary>
    public bool IsInMemory => string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>Reads the options from configuration, with the defaults above for what is absent.</summary>
    /// <exception cref="InvalidOperationException">A value is present but invalid; the message names the key.</exception>
    public static ZtFleetSiloOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ZtFleetSiloOptions();

        var connectionString = configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            connectionString = configuration[ConnectionStringKey];
        }

        options.ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        options.ClusterId = NonEmpty(configuration, "Orleans:ClusterId") ?? options.ClusterId;
        options.ServiceId = NonEmpty(configuration, "Orleans:ServiceId") ?? options.ServiceId;
        options.SiloPort = Port(configuration, "Orleans:Endpoints:SiloPort") ?? options.SiloPort;
        options.GatewayPort = Port(configuration, "Orleans:Endpoints:GatewayPort") ?? options.GatewayPort;

        options.MaxPoolSize = DatabasePool.ReadSetting(configuration, DatabasePool.MaxPoolSizeKey, options.MaxPoolSize, MaxMaxPoolSize);
        options.ConnectionTimeout = DatabasePool.ReadSetting(
            configuration, DatabasePool.ConnectionTimeoutKey, options.ConnectionTimeout, DatabasePool.MaxConnectionTimeoutSeconds);

        if (NonEmpty(configuration, "Orleans:Endpoints:AdvertisedIPAddress") is { } address)
        {
            options.AdvertisedIPAddress = IPAddress.TryParse(address, out var parsed)
                ? parsed
                : throw new InvalidOperationException(
                    $"Orleans:Endpoints:AdvertisedIPAddress '{address}' is not an IP address.");
        }

        options.Validate();
        return options;
    }

    /// <summary>Checks the values; called by every method that starts a silo from these options.</summary>
    /// <exception cref="InvalidOperationException">A value is invalid; the message names it.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            throw new InvalidOperationException("Orleans:ClusterId must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            throw new InvalidOperationException("Orleans:ServiceId must not be empty.");
        }

        if (SiloPort is < 1 or > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"Orleans:Endpoints:SiloPort {SiloPort} is not a TCP port.");
        }

        // 0 is allowed: a silo without a gateway.
        if (GatewayPort is < 0 or > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"Orleans:Endpoints:GatewayPort {GatewayPort} is not a TCP port.");
        }

        if (MaxPoolSize is < 1 or > MaxMaxPoolSize)
        {
            throw new InvalidOperationException($"{DatabasePool.MaxPoolSizeKey} {MaxPoolSize} is not from 1 to {MaxMaxPoolSize}.");
        }

        if (ConnectionTimeout is < 1 or > DatabasePool.MaxConnectionTimeoutSeconds)
        {
            throw new InvalidOperationException(
                $"{DatabasePool.ConnectionTimeoutKey} {ConnectionTimeout} is not from 1 to {DatabasePool.MaxConnectionTimeoutSeconds} seconds.");
        }

        if (GatewayPort == SiloPort)
        {
            throw new InvalidOperationException(
                $"Orleans:Endpoints:SiloPort and GatewayPort must differ (both are {SiloPort}).");
        }
    }

    private static string? NonEmpty(IConfiguration configuration, string key) =>
        string.IsNullOrWhiteSpace(configuration[key]) ? null : configuration[key]!.Trim();

    private static int? Port(IConfiguration configuration, string key)
    {
        if (NonEmpty(configuration, key) is not { } value)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new InvalidOperationException($"{key} '{value}' is not a port number.");
    }
}
