using System.Globalization;
using System.Text;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Export;

/// <summary>
/// ArcSight Common Event Format (CEF 0, "Implementing ArcSight CEF" revision 25):
/// <c>CEF:0|ZtFleet|ZtFleet|version|signature|name|severity|extensions</c>. Header fields escape <c>|</c> and
/// <c>\</c>; extension values escape <c>=</c> and <c>\</c> and write line breaks as <c>\n</c> / <c>\r</c>. Values
/// longer than CEF's documented lengths are cut (on a character boundary, before escaping).
/// </summary>
/// <remarks>
/// Custom fields: <c>cs1</c> plant, <c>cs2</c> zone, <c>cs3</c> asset, <c>cs4</c> rule, <c>cs5</c> ATT&amp;CK for
/// ICS technique, <c>cs6</c> reason; <c>cn1</c> outbox position, <c>cn2</c> Modbus function code; each with its
/// <c>…Label</c>. Severity 0–10: informational 1, low 3, medium 5, high 8, critical 10.
/// </remarks>
public sealed class CefFormat(ExportFormatOptions options) : IExportFormat
{
    /// <summary>Device vendor and product.</summary>
    public const string Vendor = "ZtFleet";

    private readonly string _version = EscapeHeader(Cut((options ?? throw new ArgumentNullException(nameof(options))).ProductVersion, 31));

    /// <inheritdoc />
    public string Name => ExportFormats.Cef;

    /// <inheritdoc />
    public string MediaType => "text/plain; charset=utf-8";

    /// <summary>The CEF severity (0–10) of a record's severity.</summary>
    public static int CefSeverity(Severity severity) => severity switch
    {
        Severity.Critical => 10,
        Severity.High => 8,
        Severity.Medium => 5,
        Severity.Low => 3,
        _ => 1,
    };

    /// <inheritdoc />
    public string Format(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = ExportFacts.Of(record);
        var text = new StringBuilder(512);
        text.Append("CEF:0|").Append(Vendor).Append('|').Append(Vendor).Append('|').Append(_version).Append('|');
        text.Append(EscapeHeader(Cut(facts.Signature, 1023))).Append('|');
        text.Append(EscapeHeader(Cut(facts.Sentence, 512))).Append('|');
        text.Append(CefSeverity(record.Severity).ToString(CultureInfo.InvariantCulture)).Append('|');

        var first = true;
        void Add(string key, string? value, int max)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!first)
            {
                text.Append(' ');
            }

            first = false;
            text.Append(key).Append('=').Append(EscapeExtension(Cut(value, max)));
        }

        string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

        Add("rt", Number(record.At.ToUnixTimeMilliseconds()), 32);
        Add("cat", ExportFacts.KindName(record.Kind), 1023);
        Add("act", facts.Action, 63);
        Add("outcome", facts.Outcome, 63);
        Add("externalId", facts.Id, 40);
        Add("src", facts.Source?.Ip, 64);
        Add("spt", Number(facts.Source?.Port), 8);
        Add("shost", facts.Source?.Asset?.Value, 1023);
        Add("dst", facts.Destination?.Ip, 64);
        Add("dpt", Number(facts.Destination?.Port), 8);
        Add("dhost", facts.Destination?.Asset?.Value, 1023);
        Add("proto", facts.Transport?.ToUpperInvariant(), 31);
        Add("app", facts.Protocol, 31);
        Add("suser", facts.Actor, 1023);
        Add("duser", facts.TargetUser, 1023);
        Add("msg", facts.Sentence, 1023);
        if (record.Plant is not null)
        {
            Add("cs1Label", "plant", 1023);
            Add("cs1", record.Plant, 4000);
        }

        if (facts.Zone is not null)
        {
            Add("cs2Label", "zone", 1023);
            Add("cs2", facts.Zone, 4000);
        }

        if (facts.Asset is not null)
        {
            Add("cs3Label", "asset", 1023);
            Add("cs3", facts.Asset, 4000);
        }

        if (facts.Rule is not null)
        {
            Add("cs4Label", "rule", 1023);
            Add("cs4", facts.Rule, 4000);
        }

        if (facts.Technique is { } technique)
        {
            Add("cs5Label", "attackForIcsTechnique", 1023);
            Add("cs5", technique.ToString(), 4000);
        }

        if (facts.Reason is not null)
        {
            Add("cs6Label", "reason", 1023);
            Add("cs6", facts.Reason, 4000);
        }

        if (record.Position > 0)
        {
            Add("cn1Label", "outboxPosition", 1023);
            Add("cn1", Number(record.Position), 32);
        }

        if (facts.FunctionCode is { } code)
        {
            Add("cn2Label", "modbusFunctionCode", 1023);
            Add("cn2", Number(code), 32);
        }

        return text.ToString();
    }

    /// <summary>A header field: <c>\</c> → <c>\\</c>, <c>|</c> → <c>\|</c>; line breaks (not allowed there) become spaces.</summary>
    public static string EscapeHeader(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\|\r\n") < 0)
        {
            return Rfc5424Format.WellFormed(value);
        }

        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '|' => text.Append(@"\|"),
                '\r' or '\n' => text.Append(' '),
                _ => text.Append(c),
            };
        }

        return Rfc5424Format.WellFormed(text.ToString());
    }

    /// <summary>An extension value: <c>\</c> → <c>\\</c>, <c>=</c> → <c>\=</c>, CR LF or LF → <c>\n</c>, CR → <c>\r</c>.</summary>
    public static string EscapeExtension(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\=\r\n") < 0)
        {
            return Rfc5424Format.WellFormed(value);
        }

        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\':
                    text.Append(@"\\");
                    break;
                case '=':
                    text.Append(@"\=");
                    break;
                case '\r' when i + 1 < value.Length && value[i + 1] == '\n':
                    text.Append(@"\n");
                    i++;
                    break;
                case '\r':
                    text.Append(@"\r");
                    break;
                case '\n':
                    text.Append(@"\n");
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return Rfc5424Format.WellFormed(text.ToString());
    }

    /// <summary>At most <paramref name="max"/> characters, never splitting a surrogate pair.</summary>
    internal static string Cut(string value, int max)
    {
        if (value.Length <= max)
        {
            return value;
        }

        var end = char.IsHighSurrogate(value[max - 1]) ? max - 1 : max;
        return value[..end];
    }
}
