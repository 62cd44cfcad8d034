using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace ZtFleet.Cli.Hosting;

/// <summary>
/// A time on the command line: ISO 8601 (<c>2026-03-01T08:00Z</c>; without an offset, UTC), <c>now</c>, or a
/// duration from now (<c>+2h</c>, <c>90m</c>, <c>1d</c>, <c>-30m</c> for the past).
/// </summary>
internal static class TimeArg
{
    public static Timestamp? Parse(string? text, string option, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            return Timestamp.FromDateTimeOffset(now);
        }

        var sign = 1;
        var body = text;
        if (body[0] is '+' or '-')
        {
            sign = body[0] == '-' ? -1 : 1;
            body = body[1..];
        }

        if (body.Length > 1 && char.IsAsciiLetter(body[^1]) && double.TryParse(body[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? span = char.ToLowerInvariant(body[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is { } offset)
            {
                return Timestamp.FromDateTimeOffset(now + sign * offset);
            }
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return Timestamp.FromDateTimeOffset(at);
        }

        throw new UsageException($"{option} '{text}' is not a time: use ISO 8601 (2026-03-01T08:00Z), now, or a duration such as +2h or -30m.");
    }
}
