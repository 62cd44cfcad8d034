using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// Typed reads of one JSON log line's fields, as Zeek's JSON writer types them (a time as epoch seconds or an
/// ISO-8601 string, an interval as seconds, a count or port as a number, an addr as a string, a set or vector as an
/// array). A field that is absent or null is unset. The first problem is kept and the reads after it are ignored.
/// </summary>
/// <remarks>
/// Zeek flattens <c>id</c> into <c>id.orig_h</c> …; some shippers nest it (<c>"id": {"orig_h": …}</c>): both are read.
/// </remarks>
internal sealed class ZeekFields(JsonElement root)
{
    // The last tick a DateTimeOffset can hold, in seconds after the epoch, with room for the fraction.
    private const decimal MaxEpochSeconds = 253_402_300_799m;
    private const decimal MinEpochSeconds = -62_135_596_800m;

    public ZeekLogProblem? Problem { get; private set; }

    public string? String(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return InvalidRef<string>(name, value, "must be a string");
        }

        var text = value.GetString()!;
        return required && text.Length == 0 ? InvalidRef<string>(name, value, "must not be empty") : text;
    }

    public long? Count(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count >= 0
            ? count
            : Invalid<long>(name, value, "must be a count (a whole number from 0)");
    }

    public int? Bounded(string name, int max, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number >= 0 && number <= max
            ? number
            : Invalid<int>(name, value, $"must be a whole number from 0 to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    public int? Port(string name, bool required = false) => Bounded(name, 65535, required);

    public bool? Bool(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => Invalid<bool>(name, value, "must be true or false"),
        };
    }

    public TimeSpan? Interval(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            && value.TryGetDecimal(out var seconds)
            && Math.Abs(seconds) < (decimal)TimeSpan.MaxValue.TotalSeconds - 1
                ? TimeSpan.FromTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond))
                : Invalid<TimeSpan>(name, value, "must be a number of seconds");
    }

    /// <summary>
    /// A time as <c>LogAscii::json_timestamps</c> writes it: <c>JSON::TS_EPOCH</c> (seconds, the default) or
    /// <c>JSON::TS_ISO8601</c>. <c>JSON::TS_MILLIS</c> is refused: its numbers read as seconds fall beyond year 9999.
    /// </summary>
    public DateTimeOffset? Time(string name, bool required = false)
    {
        if (!TryGet(name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.TryGetDecimal(out var seconds) && seconds is >= MinEpochSeconds and <= MaxEpochSeconds
                ? DateTimeOffset.UnixEpoch.AddTicks((long)decimal.Round(seconds * TimeSpan.TicksPerSecond))
                : Invalid<DateTimeOffset>(name, value, "must be seconds since 1970 before year 10000 (milliseconds are not read)");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            if (text.Length >= 20 && text[10] == 'T'
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }
        }

        return Invalid<DateTimeOffset>(name, value, "must be epoch seconds or an ISO-8601 time");
    }

    public IPAddress? Address(string name, bool required = false)
    {
        if (String(name, required) is not { } text)
        {
            return null;
        }

        // IPAddress.TryParse also reads "1" and "10.1" as IPv4 shorthands, which Zeek never writes.
        if (IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6
                ? text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
                : text.Count(c => c == '.') == 3))
        {
            return address;
        }

        Report(name, text, "must be an IPv4 or IPv6 address");
        return null;
    }

    public IReadOnlyList<string>? Strings(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return InvalidRef<IReadOnlyList<string>>(name, value, "must be an array of strings");
        }

        return [.. value.EnumerateArray().Select(e => e.GetString()!)];
    }

    public IReadOnlyList<long>? Counts(string name)
    {
        if (!TryGet(name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var c) || c < 0))
        {
            return InvalidRef<IReadOnlyList<long>>(name, value, "must be an array of counts");
        }

        return [.. value.EnumerateArray().Select(e => e.GetInt64())];
    }

    private bool TryGet(string name, bool required, out JsonElement value)
    {
        value = default;
        if (Problem is not null)
        {
            return false;
        }

        if ((root.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null) || TryGetNested(name, out value))
        {
            return true;
        }

        if (required)
        {
            Problem = new ZeekLogProblem(ZeekLogProblemKind.MissingField, name, $"{name} is missing");
        }

        return false;
    }

    private bool TryGetNested(string name, out JsonElement value)
    {
        value = default;
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && root.TryGetProperty(name[..dot], out var parent)
            && parent.ValueKind == JsonValueKind.Object
            && parent.TryGetProperty(name[(dot + 1)..], out value)
            && value.ValueKind != JsonValueKind.Null;
    }

    private T? Invalid<T>(string name, JsonElement value, string what)
        where T : struct
    {
        Report(name, value, what);
        return null;
    }

    private T? InvalidRef<T>(string name, JsonElement value, string what)
        where T : class
    {
        Report(name, value, what);
        return null;
    }

    private void Report(string name, JsonElement value, string what) =>
        Report(name, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(), what);

    private void Report(string name, string? text, string what) =>
        Problem ??= new ZeekLogProblem(ZeekLogProblemKind.InvalidField, name, $"{name} {what}, not {Echo.Of(text)}");
}
