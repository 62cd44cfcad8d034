namespace ZtFleet.Api.Export;

/// <summary>
/// A connection to one destination. <see cref="SendAsync"/> sends a batch in order or throws
/// <see cref="ExportTransportException"/>; the transport then reconnects on the next send.
/// </summary>
public interface IExportTransport : IAsyncDisposable
{
    /// <summary>Sends <paramref name="messages"/> in order; returns when they are written (syslog) or accepted (webhook).</summary>
    Task SendAsync(IReadOnlyList<string> messages, CancellationToken cancellationToken);

    /// <summary>
    /// False when the connection written to has been closed or reset by the receiver since: what was written lately
    /// may not have been read and is sent again. Transports without a connection answer true.
    /// </summary>
    bool IsIntact();
}
