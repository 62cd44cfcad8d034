using System.Globalization;
using System.Text;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// The figures of one run, by key, with what failed; a catalog names them and their goals (<see cref="Catalog"/> is
/// pg-scale's).
/// </summary>
internal sealed class RunFigures((string Key, string Label, string Goal)[]? catalog = null)
{
    /// <summary>Every figure a pg-scale run can report, in the order printed: key, what it is, the goal (empty: reported only).</summary>
    public static readonly (string Key, string Label, string Goal)[] Catalog =
    [
        ("apply_one_s", "one plant applied (ApplyFleet), s", "<= 60"),
        ("reapply_one_s", "the same document again, s", "<= 5"),
        ("reapply_one_changes", "changes reported by the unchanged re-apply", "0"),
        ("csv_import_s", "the same assets by ImportAssetsCsv into a fresh plant, s", ""),
        ("fleet_plants", "plants applied one by one", ""),
        ("fleet_apply_sum_s", "all plants, sum of ApplyFleet times, s", "<= 1800"),
        ("fleet_wall_s", "all plants, wall time, s", ""),
        ("fleet_plant_median_s", "one plant of the fleet, median, s", ""),
        ("fleet_plant_max_s", "one plant of the fleet, slowest, s", ""),
        ("silo1_peak_rss_gib", "silo-1 peak resident set after the fleet, GiB", "<= 6"),
        ("silo2_peak_rss_gib", "silo-2 peak resident set after the fleet, GiB", "<= 6"),
        ("api_peak_rss_gib", "API peak resident set after the fleet, GiB", ""),
        ("db_size_mib", "database size after the fleet, MiB", ""),
        ("wal_large_median_kib", "WAL per lock/unlock, large plant, median, KiB", "<= 32"),
        ("wal_large_p90_kib", "WAL per lock/unlock, large plant, p90, KiB", ""),
        ("wal_large_mean_kib", "WAL per lock/unlock, large plant, mean incl. background, KiB", ""),
        ("wal_small_median_kib", "WAL per lock/unlock, small plant, median, KiB", ""),
        ("wal_small_p90_kib", "WAL per lock/unlock, small plant, p90, KiB", ""),
        ("wal_large_to_small", "WAL median large / small", "0.8-1.2"),
        ("lock_large_p50_ms", "lock call -> acknowledged, large plant, p50, ms", "<= 15"),
        ("lock_large_p99_ms", "lock call -> acknowledged, large plant, p99, ms", "<= 50"),
        ("lock_small_p50_ms", "lock call -> acknowledged, small plant, p50, ms", "<= 15"),
        ("lock_small_p99_ms", "lock call -> acknowledged, small plant, p99, ms", "<= 50"),
        ("fanout_points", "watching enforcement points", ""),
        ("fanout_p50_ms", "acknowledged -> received by every point, p50, ms", ""),
        ("fanout_p99_ms", "acknowledged -> received by every point, p99, ms", "<= 50"),
        ("fanout_max_ms", "acknowledged -> received by every point, max, ms", ""),
        ("fanout_call_p99_ms", "lock called -> received by every point, p99, ms", ""),
        ("fanout_undelivered", "deliveries missing after 30 s", "0"),
        ("grain_assets", "asset grains activated by GetAsset", ""),
        ("grain_heap_bytes", "silo GC heap per activated asset grain, bytes", "<= 4096"),
        ("grain_rss_bytes", "silo resident set per activated asset grain, bytes", ""),
        ("grain_activate_s", "activating them through GetAsset, s", ""),
        ("db_size_end_mib", "database size at the end, MiB", ""),
    ];

    private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

    /// <summary>The figures this run may report.</summary>
    public (string Key, string Label, string Goal)[] Figures { get; } = catalog ?? Catalog;

    public List<string> Failures { get; } = [];

    public List<string> Notes { get; } = [];

    public void Set(string key, double value)
    {
        if (!Figures.Any(c => c.Key == key))
        {
            throw new ArgumentException($"unknown figure '{key}'", nameof(key));
        }

        _values[key] = value;
        var label = Figures.First(c => c.Key == key).Label;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  RESULT {key}={value:0.###}   ({label})"));
    }

    public double? Get(string key) => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The median of the values present (the mean of the middle two for an even count).</summary>
    public static double? Median(IEnumerable<double?> values)
    {
        var present = values.OfType<double>().Order().ToList();
        return present.Count == 0 ? null
            : present.Count % 2 == 1 ? present[present.Count / 2]
            : (present[(present.Count / 2) - 1] + present[present.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double quantile) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The figures of every run beside their median, the failures and notes, and <c>RESULT median</c> lines.</summary>
    public static string Summary(string title, string scale, (string Key, string Label, string Goal)[] catalog, List<RunFigures> runs, string[] machine)
    {
        var text = new StringBuilder();
        text.AppendLine($"== {title} summary");
        foreach (var line in machine)
        {
            text.AppendLine("  " + line);
        }

        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"  {scale}; {runs.Count} run(s); figures are the median of the runs, never the best"));
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture, $"  {"figure",-62} {"goal",-9}");
        for (var r = 1; r <= runs.Count; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {"run " + r,10}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $" {"median",10}");
        foreach (var (key, label, goal) in catalog)
        {
            var values = runs.Select(r => r.Get(key)).ToList();
            var median = Median(values);
            text.Append(CultureInfo.InvariantCulture, $"  {label,-62} {goal,-9}");
            foreach (var value in values)
            {
                text.Append(CultureInfo.InvariantCulture, $" {(value is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "-"),10}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $" {(median is { } m ? m.ToString("0.###", CultureInfo.InvariantCulture) : "not measured"),10}");
        }

        for (var r = 0; r < runs.Count; r++)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"  run {r + 1}: {(runs[r].Failures.Count == 0 ? "no failures" : $"{runs[r].Failures.Count} failure(s)")}");
            foreach (var failure in runs[r].Failures)
            {
                text.AppendLine("    FAILED " + failure);
            }

            foreach (var note in runs[r].Notes)
            {
                text.AppendLine("    note: " + note);
            }
        }

        text.AppendLine();
        foreach (var (key, _, _) in catalog)
        {
            if (Median(runs.Select(r => r.Get(key))) is { } median)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"RESULT median {key}={median:0.###}"));
            }
        }

        return text.ToString().TrimEnd();
    }
}
