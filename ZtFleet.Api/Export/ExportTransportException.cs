namespace ZtFleet.Api.Export;

/// <summary>A send to a destination failed (refused connection, reset, timeout, TLS failure, a webhook's non-2xx answer).</summary>
public sealed class ExportTransportException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public ExportTransportException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public ExportTransportException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
