using System.Globalization;
using System.Text;
using System.Text.Json;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// Turns the lines of one log into entries: JSON lines as they are; TSV rows through the <c>#fields</c> and
/// <c>#types</c> headers that precede them, converted to the JSON Zeek would have written so both formats take one
/// path. Holds the TSV header, so one parser per input.
/// </summary>
internal sealed class ZeekLineParser(ZeekLogKind kind)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 8 };

    private char _separator = '\t';
    private string _setSeparator = ",";
    private string _emptyField = "(empty)";
    private string _unsetField = "-";
    private string? _path;
    private string[]? _fields;
    private string[]? _types;

    /// <summary>The entry for a line, or null for a blank line or a TSV header.</summary>
    public ZeekLogEntry? Parse(string text, long line)
    {
        if (line == 1)
        {
            text = text.TrimStart('\uFEFF');
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text[0] == '#')
        {
            ReadHeader(text);
            return null;
        }

        if (_fields is not null && text[0] != '{')
        {
            return ParseTsv(text, line);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Failed(line, ZeekLogProblemKind.Malformed, null, $"not a JSON object ({ex.Message}): {Echo.Of(text)}");
        }

        using (document)
        {
            return ParseObject(document.RootElement, line, _path);
        }
    }

    private ZeekLogEntry ParseObject(JsonElement root, long line, string? headerPath)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Failed(line, ZeekLogProblemKind.NotAnObject, null, $"a Zeek JSON log line is an object, not {Echo.Of(root.GetRawText())}");
        }

        string? path = headerPath;
        if (root.TryGetProperty("_path", out var pathElement) && pathElement.ValueKind == JsonValueKind.String)
        {
            path = pathElement.GetString();
        }

        var lineKind = kind;
        if (path is not null)
        {
            var named = ZeekLogKinds.FromPath(path);
            if (named == ZeekLogKind.Unknown)
            {
                return Failed(line, ZeekLogProblemKind.WrongLog, "_path", $"{Echo.Of(path)} is not a log ZtFleet reads (conn, modbus, modbus_detailed)");
            }

            if (kind != ZeekLogKind.Unknown && named != kind)
            {
                return Failed(line, ZeekLogProblemKind.WrongLog, "_path", $"the line is from {ZeekLogKinds.PathOf(named)}.log, not {ZeekLogKinds.PathOf(kind)}.log");
            }

            lineKind = named;
        }

        if (lineKind == ZeekLogKind.Unknown)
        {
            return Failed(line, ZeekLogProblemKind.UnknownLog, null, "the line has no _path and no log was named: say which log it is (conn, modbus, modbus_detailed)");
        }

        var fields = new ZeekFields(root);
        var record = ZeekRecords.Build(lineKind, fields);
        return record is not null ? ZeekLogEntry.Of(line, record) : ZeekLogEntry.Failed(line, fields.Problem!);
    }

    private void ReadHeader(string text)
    {
        // "#separator \x09" uses a space; the others use the separator itself.
        if (text.StartsWith("#separator ", StringComparison.Ordinal))
        {
            var separator = Unescape(text["#separator ".Length..]);
            _separator = separator.Length == 1 ? separator[0] : '\t';
            return;
        }

        var cut = text.IndexOf(_separator, StringComparison.Ordinal);
        if (cut < 0)
        {
            return;
        }

        var value = text[(cut + 1)..];
        switch (text[..cut])
        {
            case "#set_separator":
                _setSeparator = Unescape(value);
                break;
            case "#empty_field":
                _emptyField = Unescape(value);
                break;
            case "#unset_field":
                _unsetField = Unescape(value);
                break;
            case "#path":
                _path = value;
                break;
            case "#fields":
                _fields = value.Split(_separator);
                break;
            case "#types":
                _types = value.Split(_separator);
                break;
        }
    }

    private ZeekLogEntry ParseTsv(string text, long line)
    {
        var values = text.Split(_separator);
        if (_types is null || _types.Length != _fields!.Length || values.Length != _fields.Length)
        {
            return Failed(line, ZeekLogProblemKind.Malformed, null,
                $"the row has {values.Length.ToString(CultureInfo.InvariantCulture)} fields, the #fields header {_fields!.Length.ToString(CultureInfo.InvariantCulture)} (and #types must match): {Echo.Of(text)}");
        }

        var buffer = new MemoryStream(text.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i] == _unsetField)
                {
                    continue;
                }

                writer.WritePropertyName(_fields[i]);
                WriteTsvValue(writer, _types[i], values[i]);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray(), DocumentOptions);
        return ParseObject(document.RootElement, line, _path);
    }

    private void WriteTsvValue(Utf8JsonWriter writer, string type, string value)
    {
        var open = type.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && type[^1] == ']')
        {
            writer.WriteStartArray();
            if (value != _emptyField)
            {
                var element = type[(open + 1)..^1];
                foreach (var item in value.Split(_setSeparator))
                {
                    WriteScalar(writer, element, item);
                }
            }

            writer.WriteEndArray();
            return;
        }

        WriteScalar(writer, type, value == _emptyField ? "" : value);
    }

    // A value that does not parse as its type is written as a string, so the typed read reports it by field name.
    private static void WriteScalar(Utf8JsonWriter writer, string type, string value)
    {
        switch (type)
        {
            case "time" or "interval" or "double" when decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumberValue(number);
                break;
            case "count" or "int" or "port" when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                writer.WriteNumberValue(whole);
                break;
            case "bool" when value is "T" or "F":
                writer.WriteBooleanValue(value == "T");
                break;
            default:
                writer.WriteStringValue(Unescape(value));
                break;
        }
    }

    // Zeek's ASCII writer escapes separators and non-printable bytes as \xHH.
    private static string Unescape(string value)
    {
        if (!value.Contains("\\x", StringComparison.Ordinal))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 3 < value.Length && value[i + 1] == 'x'
                && byte.TryParse(value.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                builder.Append((char)b);
                i += 3;
            }
            else
            {
                builder.Append(value[i]);
            }
        }

        return builder.ToString();
    }

    private static ZeekLogEntry Failed(long line, ZeekLogProblemKind kind, string? field, string message) =>
        ZeekLogEntry.Failed(line, new ZeekLogProblem(kind, field, message));
}
