namespace ZtFleet.Agent.Telemetry;

/// <summary>What the agent reports, and how: the buffer its proxy and drop monitor add to, and the sender.</summary>
/// <param name="Buffer">The bounded buffer of events not yet sent.</param>
/// <param name="Sender">Sends the buffer's events to <c>TelemetryService/Ingest</c>.</param>
/// <param name="Drops">Reads the ruleset's dropped sets, or null (no nftables, or not asked for).</param>
/// <param name="DropPollInterval">How often <paramref name="Drops"/> reads them.</param>
public sealed record AgentTelemetry(TelemetryBuffer Buffer, TelemetrySender Sender, DropMonitor? Drops, TimeSpan DropPollInterval)
{
    /// <summary>Sends (and reads the dropped sets) until cancelled.</summary>
    /// <exception cref="ControlPlane.CredentialRefusedException">The API refused the credential.</exception>
    public Task RunAsync(string plantId, CancellationToken cancellationToken) =>
        Drops is null
            ? Sender.RunAsync(plantId, cancellationToken)
            : Task.WhenAll(Sender.RunAsync(plantId, cancellationToken), Drops.RunAsync(DropPollInterval, cancellationToken));
}
