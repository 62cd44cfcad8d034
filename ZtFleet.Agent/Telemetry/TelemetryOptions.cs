namespace ZtFleet.Agent.Telemetry;

/// <summary>How the agent batches and buffers what it reports to <c>TelemetryService/Ingest</c>.</summary>
public sealed record TelemetryOptions
{
    /// <summary>The most events a batch carries (the API accepts at most 5,000).</summary>
    public int BatchSize { get; init; } = 1000;

    /// <summary>How long the first event of a batch waits for the batch to fill before it is sent anyway.</summary>
    public TimeSpan BatchDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The most events held while the control plane is out of reach or slow; beyond it the oldest are dropped.</summary>
    public int BufferCapacity { get; init; } = 100_000;

    /// <summary>The most batches sent and not yet acknowledged; the sender waits for an acknowledgement beyond it.</summary>
    public int MaxBatchesInFlight { get; init; } = 4;

    /// <summary>The first wait before a broken stream is reopened; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnection attempts.</summary>
    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the agent reads the ruleset's dropped sets (0: never).</summary>
    public TimeSpan DropPollInterval { get; init; } = TimeSpan.FromSeconds(10);
}
