using System.Globalization;

namespace ZtFleet.Bench;

/// <summary>How figures are printed: invariant culture, binary units.</summary>
internal static class Format
{
    public static string Bytes(long bytes) =>
        bytes switch
        {
            >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.00} GiB"),
            >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB"),
        };

    public static string Seconds(TimeSpan elapsed) =>
        string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.00} s");

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
