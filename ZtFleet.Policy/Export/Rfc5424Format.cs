using System.Globalization;
using System.Text;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Export;

/// <summary>
/// RFC 5424 syslog: <c>&lt;PRI&gt;1 TIMESTAMP HOSTNAME ztfleet - MSGID [ztfleet@32473 …] MSG</c>. Without framing: octet
/// counting (RFC 6587) or one datagram per message (RFC 5426) is the transport's.
/// </summary>
/// <remarks>
/// The SD-ID is <c>ztfleet@32473</c>: RFC 5424 §7.2.2 names private SD-IDs <c>name@&lt;private enterprise
/// number&gt;</c>, and 32473 is the enterprise number IANA reserves for documentation and examples (RFC 5612). ZtFleet
/// has no registered number; a deployment that has one keeps the name and its receivers match on <c>ztfleet@</c>.
/// PRI is facility × 8 + severity (critical 2, high 3 error, medium 4 warning, low 5 notice, informational 6).
/// </remarks>
public sealed class Rfc5424Format(ExportFormatOptions options) : IExportFormat
{
    /// <summary>The structured data element's id.</summary>
    public const string SdId = "ztfleet@32473";

    /// <summary>APP-NAME.</summary>
    public const string AppName = "ztfleet";

    private readonly ExportFormatOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly string _hostname = Hostname(options.Hostname);
    private readonly OcsfFormat _ocsf = new(options);

    /// <inheritdoc />
    public string Name => ExportFormats.Rfc5424;

    /// <inheritdoc />
    public string MediaType => "text/plain; charset=utf-8";

    /// <summary>The syslog severity (RFC 5424 §6.2.1 numerical code) of a record's severity.</summary>
    public static int SyslogSeverity(Severity severity) => severity switch
    {
        Severity.Critical => 2,
        Severity.High => 3,
        Severity.Medium => 4,
        Severity.Low => 5,
        _ => 6,
    };

    /// <summary>The MSGID of a kind: its kebab-case name (<c>detection</c>, <c>user-management</c>).</summary>
    public static string MessageId(ExportKind kind) => ExportFacts.KindName(kind);

    /// <summary>The PRI value of <paramref name="record"/> under these options.</summary>
    public int Priority(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facility = record.Kind == ExportKind.Authentication ? _options.AuthenticationFacility ?? _options.Facility : _options.Facility;
        return ((int)facility * 8) + SyslogSeverity(record.Severity);
    }

    /// <inheritdoc />
    public string Format(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = ExportFacts.Of(record);
        var message = _options.SyslogMessage == SyslogMessageContent.Sentence ? OneLine(facts.Sentence) : _ocsf.Format(facts);
        return Write(record, facts, message, _options.Utf8Bom);
    }

    /// <summary>
    /// The record's RFC 5424 message (same PRI, header and structured data as <see cref="Format(ExportRecord)"/>) with
    /// <paramref name="message"/> as MSG: for sending another format's text (CEF, OCSF, the webhook JSON) over syslog.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="message">The MSG, as it is (it should hold no line breaks for receivers that frame by newline).</param>
    /// <param name="bom">Whether MSG gets the UTF-8 BOM (RFC 5424 §6.4 wants it for UTF-8 text; CEF receivers often do not).</param>
    public string Format(ExportRecord record, string message, bool bom)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(message);
        return Write(record, ExportFacts.Of(record), WellFormed(message), bom);
    }

    private string Write(ExportRecord record, ExportFacts facts, string message, bool bom)
    {
        var text = new StringBuilder(256 + message.Length);
        text.Append('<').Append(Priority(record).ToString(CultureInfo.InvariantCulture)).Append(">1 ");
        text.Append(Timestamp(record.At)).Append(' ');
        text.Append(_hostname).Append(' ');
        text.Append(AppName).Append(" - ");
        text.Append(MessageId(record.Kind)).Append(' ');
        text.Append('[').Append(SdId);
        Param(text, "kind", ExportFacts.KindName(record.Kind));
        Param(text, "plant", record.Plant);
        Param(text, "zone", facts.Zone);
        Param(text, "asset", facts.Asset);
        Param(text, "identity", facts.Identity);
        Param(text, "severity", ExportFacts.SeverityName(record.Severity));
        Param(text, "id", facts.Id);
        Param(text, "position", record.Position > 0 ? record.Position.ToString(CultureInfo.InvariantCulture) : null);
        text.Append("] ");
        if (bom)
        {
            text.Append('\uFEFF');
        }

        text.Append(message);
        return text.ToString();
    }

    /// <summary>RFC 3339 as RFC 5424 §6.2.3 restricts it: microseconds at most, <c>Z</c> or a numeric offset.</summary>
    public static string Timestamp(DateTimeOffset at)
    {
        var offset = at.Offset;
        var zone = offset == TimeSpan.Zero
            ? "Z"
            : (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return at.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + zone;
    }

    /// <summary>A PARAM-VALUE as RFC 5424 §6.3.3 wants it: <c>"</c>, <c>\</c> and <c>]</c> escaped with a backslash.</summary>
    public static string EscapeParamValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\"\\]") < 0)
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '"' or '\\' or ']')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }

    private static void Param(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        text.Append(' ').Append(name).Append("=\"").Append(EscapeParamValue(WellFormed(value))).Append('"');
    }

    /// <summary>HOSTNAME: printable US-ASCII, 1–255 characters, <c>-</c> when empty.</summary>
    private static string Hostname(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "-";
        }

        var text = new StringBuilder(Math.Min(name.Length, 255));
        foreach (var c in name)
        {
            if (text.Length == 255)
            {
                break;
            }

            text.Append(c is >= '!' and <= '~' ? c : '_');
        }

        return text.ToString();
    }

    /// <summary>The sentence on one line: receivers that frame by newline (and people) read it whole.</summary>
    private static string OneLine(string sentence) =>
        sentence.AsSpan().IndexOfAny('\r', '\n') < 0 ? WellFormed(sentence) : WellFormed(sentence.Replace("\r\n", " ").Replace('\r', ' ').Replace('\n', ' '));

    /// <summary>Lone surrogates replaced, so the text encodes to valid UTF-8 as RFC 5424 requires.</summary>
    internal static string WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]))
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    for (var j = 0; j < source.Length; j++)
                    {
                        var c = source[j];
                        if (char.IsHighSurrogate(c) && j + 1 < source.Length && char.IsLowSurrogate(source[j + 1]))
                        {
                            span[j] = c;
                            span[j + 1] = source[j + 1];
                            j++;
                        }
                        else
                        {
                            span[j] = char.IsSurrogate(c) ? '\uFFFD' : c;
                        }
                    }
                });
            }
        }

        return text;
    }
}
