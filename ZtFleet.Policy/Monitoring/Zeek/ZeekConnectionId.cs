using System.Net;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// Zeek's <c>conn_id</c>: the originator and responder of a connection (<c>id.orig_h</c>, <c>id.orig_p</c>,
/// <c>id.resp_h</c>, <c>id.resp_p</c>). For ICS logs that record responses too, the originator is still the side that
/// opened the connection (the Modbus client), not the sender of the message.
/// </summary>
public sealed record ZeekConnectionId(IPAddress OriginatorHost, int OriginatorPort, IPAddress ResponderHost, int ResponderPort);
