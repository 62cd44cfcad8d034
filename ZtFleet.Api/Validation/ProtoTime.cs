using Google.Protobuf.WellKnownTypes;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Validation;

/// <summary>
/// The one way the API reads a caller's <see cref="Timestamp"/>: checked before it is converted, so a malformed value
/// is a field violation naming the field, never the exception <see cref="Timestamp.ToDateTimeOffset"/> throws (which
/// answered INTERNAL).
/// </summary>
/// <remarks>
/// Well formed as <c>google/protobuf/timestamp.proto</c> defines it: <c>nanos</c> 0 to 999,999,999 (negative seconds
/// still count nanos forward) and <c>seconds</c> from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. Whether a
/// well-formed time is sensible (a window in the year 9999) is the rules' business, not this reader's.
/// </remarks>
public static class ProtoTime
{
    /// <summary>0001-01-01T00:00:00Z in seconds since the Unix epoch.</summary>
    public const long MinSeconds = -62_135_596_800;

    /// <summary>9999-12-31T23:59:59Z in seconds since the Unix epoch.</summary>
    public const long MaxSeconds = 253_402_300_799;

    public const int MaxNanos = 999_999_999;

    /// <summary>The time, or null with a problem (such as "has nanos -5; they must be 0 to 999999999").</summary>
    public static DateTimeOffset? TryRead(Timestamp value, out string? problem)
    {
        if (value.Nanos is < 0 or > MaxNanos)
        {
            problem = $"has nanos {value.Nanos}; they must be 0 to {MaxNanos}";
            return null;
        }

        if (value.Seconds is < MinSeconds or > MaxSeconds)
        {
            problem = $"has seconds {value.Seconds}; a time must lie between 0001-01-01T00:00:00Z ({MinSeconds}) and 9999-12-31T23:59:59Z ({MaxSeconds})";
            return null;
        }

        problem = null;
        return value.ToDateTimeOffset();
    }

    /// <summary>
    /// Reads <paramref name="value"/> of <paramref name="field"/>, adding a violation for a missing (when
    /// <paramref name="required"/>) or malformed one; null then.
    /// </summary>
    public static DateTimeOffset? Read(Timestamp? value, string field, ICollection<Violation> violations, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                violations.Add(new Violation(field, "is required"));
            }

            return null;
        }

        var at = TryRead(value, out var problem);
        if (problem is not null)
        {
            violations.Add(new Violation(field, problem));
        }

        return at;
    }
}
