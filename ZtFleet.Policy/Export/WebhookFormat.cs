using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The webhook body: a small envelope a receiver can route on without knowing OCSF, around the OCSF event.
/// <code>
/// { "kind": "detection", "plant": "plant-1", "at": "2026-12-05T02:30:42.123Z", "severity": "high",
///   "position": 42, "summary": "…", "ocsf_version": "1.3.0", "ocsf": { … } }
/// </code>
/// <c>plant</c> is null for fleet-wide records; <c>position</c> is the outbox position (increasing per plant, the
/// receiver's de-duplication key under at-least-once delivery).
/// </summary>
public sealed class WebhookFormat(ExportFormatOptions options) : IExportFormat
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly OcsfFormat _ocsf = new(options ?? throw new ArgumentNullException(nameof(options)));

    /// <inheritdoc />
    public string Name => ExportFormats.Json;

    /// <inheritdoc />
    public string MediaType => "application/json";

    /// <inheritdoc />
    public string Format(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = ExportFacts.Of(record);
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("kind", ExportFacts.KindName(record.Kind));
            if (record.Plant is null)
            {
                w.WriteNull("plant");
            }
            else
            {
                w.WriteString("plant", record.Plant);
            }

            w.WriteString("at", record.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("severity", ExportFacts.SeverityName(record.Severity));
            w.WriteNumber("position", record.Position);
            w.WriteString("summary", facts.Sentence);
            w.WriteString("ocsf_version", OcsfFormat.SchemaVersion);
            w.WritePropertyName("ocsf");
            _ocsf.Write(w, facts);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
