namespace ZtFleet.Policy.Export;

/// <summary>
/// One wire format of exported records: a pure function from a record to the text a transport sends (without
/// framing: octet counting, newlines or HTTP are the transport's). Selected by <see cref="Name"/>
/// (<see cref="ExportFormats.Create"/>).
/// </summary>
public interface IExportFormat
{
    /// <summary>The name a destination selects it by: <c>rfc5424</c>, <c>cef</c>, <c>ocsf</c> or <c>json</c>.</summary>
    string Name { get; }

    /// <summary>The media type of the text (for an HTTP transport): <c>application/json</c> or <c>text/plain</c>.</summary>
    string MediaType { get; }

    /// <summary>The record as this format writes it. Never throws for a record the builders made.</summary>
    string Format(ExportRecord record);
}
