namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>The fields every log ZtFleet reads shares: <c>ts</c>, <c>uid</c> and <c>id</c>.</summary>
public abstract record ZeekRecord
{
    /// <summary>Which log the record came from.</summary>
    public abstract ZeekLogKind Kind { get; }

    /// <summary><c>ts</c>: the time of the first packet (conn) or of the message (Modbus), in UTC.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><c>uid</c>: Zeek's identifier of the connection, shared by every log line about it.</summary>
    public required string Uid { get; init; }

    /// <summary><c>id</c>: the connection's endpoints.</summary>
    public required ZeekConnectionId Id { get; init; }
}
