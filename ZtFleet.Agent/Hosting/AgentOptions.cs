namespace ZtFleet.Agent.Hosting;

/// <summary>What the agent was told on its command line.</summary>
public sealed record AgentOptions
{
    /// <summary>The ZtFleet API, e.g. <c>http://10.0.0.5:5080</c>.</summary>
    public required Uri Api { get; init; }

    /// <summary>Where the credential, the last applied ruleset and temporary files live.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The one-time enrollment token (used only when no credential is stored yet).</summary>
    public string? EnrollmentToken { get; init; }

    /// <summary>How long without a successful heartbeat or watch message before the zones' fail mode applies.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the agent sends a heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first wait before reconnecting a broken watch; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The local port of the Modbus/TCP proxy; 0: no proxy.</summary>
    public int ModbusProxyPort { get; init; }

    /// <summary>How long the Modbus proxy waits for the server's response to a request before answering exception 0x0B.</summary>
    public TimeSpan ModbusResponseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The path of <c>nft</c>; null: found on the PATH or in /usr/sbin.</summary>
    public string? NftPath { get; init; }

    /// <summary>How telemetry is batched and buffered, and how often dropped connections are read.</summary>
    public Telemetry.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Report nothing to <c>TelemetryService</c> (no Modbus transactions, no drops).</summary>
    public bool NoTelemetry { get; init; }

    /// <summary>Do not touch nftables: rulesets are verified, stored and acknowledged but not applied (development).</summary>
    public bool NoNftables { get; init; }
}
