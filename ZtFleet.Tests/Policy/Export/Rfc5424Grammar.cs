using System.Globalization;
using System.Text;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>
/// A strict reader of RFC 5424 §6 (the ABNF, over the UTF-8 octets a transport sends), independent of the formatter:
/// it throws <see cref="FormatException"/> naming the rule a message breaks, and returns the parts with PARAM-VALUEs
/// unescaped.
/// </summary>
internal static class Rfc5424Grammar
{
    public static Rfc5424Message Parse(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        var at = 0;
        Expect(bytes, ref at, (byte)'<', "PRI");
        var prival = Digits(bytes, ref at, 1, 3, "PRIVAL");
        if (prival > 191)
        {
            throw new FormatException($"PRIVAL {prival} is above 191");
        }

        Expect(bytes, ref at, (byte)'>', "PRI");
        if (bytes[at] == (byte)'0')
        {
            throw new FormatException("VERSION starts with 0");
        }

        var version = Digits(bytes, ref at, 1, 3, "VERSION");
        Expect(bytes, ref at, (byte)' ', "SP after VERSION");
        var timestamp = Field(bytes, ref at, 64, "TIMESTAMP");
        DateTimeOffset? time = timestamp == "-" ? null : Timestamp(timestamp);
        Expect(bytes, ref at, (byte)' ', "SP after TIMESTAMP");
        var hostname = Field(bytes, ref at, 255, "HOSTNAME");
        Expect(bytes, ref at, (byte)' ', "SP after HOSTNAME");
        var appName = Field(bytes, ref at, 48, "APP-NAME");
        Expect(bytes, ref at, (byte)' ', "SP after APP-NAME");
        var procId = Field(bytes, ref at, 128, "PROCID");
        Expect(bytes, ref at, (byte)' ', "SP after PROCID");
        var msgId = Field(bytes, ref at, 32, "MSGID");
        Expect(bytes, ref at, (byte)' ', "SP after MSGID");

        var elements = new List<(string Id, IReadOnlyList<(string Name, string Value)> Params)>();
        if (bytes[at] == (byte)'-')
        {
            at++;
        }
        else
        {
            while (at < bytes.Length && bytes[at] == (byte)'[')
            {
                at++;
                var id = SdName(bytes, ref at, "SD-ID");
                var parameters = new List<(string, string)>();
                while (bytes[at] == (byte)' ')
                {
                    at++;
                    var name = SdName(bytes, ref at, "PARAM-NAME");
                    Expect(bytes, ref at, (byte)'=', "SD-PARAM '='");
                    Expect(bytes, ref at, (byte)'"', "PARAM-VALUE opening quote");
                    parameters.Add((name, ParamValue(bytes, ref at)));
                }

                Expect(bytes, ref at, (byte)']', "SD-ELEMENT closing bracket");
                elements.Add((id, parameters));
            }

            if (elements.Count == 0)
            {
                throw new FormatException("STRUCTURED-DATA is neither NILVALUE nor an SD-ELEMENT");
            }
        }

        string? msg = null;
        var bom = false;
        if (at < bytes.Length)
        {
            Expect(bytes, ref at, (byte)' ', "SP before MSG");
            bom = bytes.AsSpan(at).StartsWith(new byte[] { 0xEF, 0xBB, 0xBF });
            var body = bytes.AsSpan(bom ? at + 3 : at);
            msg = bom ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body) : Encoding.UTF8.GetString(body);
        }

        return new Rfc5424Message(prival / 8, prival % 8, version, time, hostname, appName, procId, msgId, elements, bom, msg);
    }

    private static DateTimeOffset Timestamp(string text)
    {
        // FULL-DATE "T" PARTIAL-TIME [TIME-SECFRAC: "." 1*6DIGIT] TIME-OFFSET ("Z" / ("+"/"-") HH ":" MM).
        var formats = new List<string>();
        for (var digits = 0; digits <= 6; digits++)
        {
            var fraction = digits == 0 ? "" : "." + new string('f', digits);
            formats.Add($"yyyy'-'MM'-'dd'T'HH':'mm':'ss{fraction}'Z'");
            formats.Add($"yyyy'-'MM'-'dd'T'HH':'mm':'ss{fraction}zzz");
        }

        if (!DateTimeOffset.TryParseExact(text, [.. formats], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new FormatException($"TIMESTAMP '{text}' is not FULL-DATE \"T\" FULL-TIME");
        }

        return time;
    }

    private static string ParamValue(byte[] bytes, ref int at)
    {
        var value = new List<byte>();
        while (true)
        {
            if (at >= bytes.Length)
            {
                throw new FormatException("PARAM-VALUE is not closed");
            }

            var b = bytes[at++];
            if (b == (byte)'"')
            {
                break;
            }

            if (b == (byte)']')
            {
                throw new FormatException("']' in PARAM-VALUE is not escaped");
            }

            if (b == (byte)'\\' && at < bytes.Length && bytes[at] is (byte)'"' or (byte)'\\' or (byte)']')
            {
                b = bytes[at++];
            }
            else if (b == (byte)'\\')
            {
                throw new FormatException("'\\' in PARAM-VALUE is not escaped");
            }

            value.Add(b);
        }

        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. value]);
    }

    private static string SdName(byte[] bytes, ref int at, string rule)
    {
        var start = at;
        while (at < bytes.Length && bytes[at] is >= 33 and <= 126 && bytes[at] is not ((byte)'=' or (byte)']' or (byte)'"'))
        {
            at++;
        }

        var length = at - start;
        if (length is < 1 or > 32)
        {
            throw new FormatException($"{rule} is {length} characters (1-32 printable US-ASCII but = ] \")");
        }

        return Encoding.ASCII.GetString(bytes, start, length);
    }

    private static string Field(byte[] bytes, ref int at, int max, string rule)
    {
        var start = at;
        while (at < bytes.Length && bytes[at] is >= 33 and <= 126)
        {
            at++;
        }

        var length = at - start;
        if (length < 1 || length > max)
        {
            throw new FormatException($"{rule} is {length} characters (1-{max} printable US-ASCII)");
        }

        return Encoding.ASCII.GetString(bytes, start, length);
    }

    private static int Digits(byte[] bytes, ref int at, int min, int max, string rule)
    {
        var start = at;
        while (at < bytes.Length && bytes[at] is >= (byte)'0' and <= (byte)'9' && at - start < max)
        {
            at++;
        }

        if (at - start < min)
        {
            throw new FormatException($"{rule} has no digits");
        }

        return int.Parse(Encoding.ASCII.GetString(bytes, start, at - start), CultureInfo.InvariantCulture);
    }

    private static void Expect(byte[] bytes, ref int at, byte expected, string rule)
    {
        if (at >= bytes.Length || bytes[at] != expected)
        {
            throw new FormatException($"{rule}: expected '{(char)expected}' at octet {at}");
        }

        at++;
    }
}

/// <summary>An RFC 5424 message as <see cref="Rfc5424Grammar"/> read it.</summary>
internal sealed record Rfc5424Message(
    int Facility,
    int Severity,
    int Version,
    DateTimeOffset? Timestamp,
    string Hostname,
    string AppName,
    string ProcId,
    string MsgId,
    IReadOnlyList<(string Id, IReadOnlyList<(string Name, string Value)> Params)> StructuredData,
    bool Bom,
    string? Msg)
{
    public string? Param(string name) =>
        StructuredData.SelectMany(e => e.Params).Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();
}
