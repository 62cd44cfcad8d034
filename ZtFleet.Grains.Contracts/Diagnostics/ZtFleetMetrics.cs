using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ZtFleet.Grains.Diagnostics;

/// <summary>
/// The <c>ZtFleet</c> meter: what an operator watches on the Aspire dashboard or any OpenTelemetry backend
/// (docs/metrics.md has every name, unit and tag). Instruments are static, so the API and the silo record into the
/// same meter name wherever the work happens; ServiceDefaults exports the meter.
/// </summary>
public static class ZtFleetMetrics
{
    /// <summary>The meter's name, as OpenTelemetry is told to export it.</summary>
    public const string MeterName = "ZtFleet";

    /// <summary>Tag: the plant id.</summary>
    public const string PlantTag = "plant";

    private static readonly ConcurrentDictionary<string, (int Behind, int Silent)> Points = new(StringComparer.Ordinal);

    /// <summary>The meter every ZtFleet instrument belongs to.</summary>
    public static Meter Meter { get; } = new(MeterName, "1.0");

    /// <summary>
    /// <c>ztfleet.revocation.lag</c> (s, tags plant, kind): from a delta's record (a revocation, a lock, any change) to
    /// an enforcement point's acknowledgement of its epoch, received by the API.
    /// </summary>
    public static Histogram<double> RevocationLag { get; } = Meter.CreateHistogram<double>(
        "ztfleet.revocation.lag", "s", "From a delta's record to an enforcement point's acknowledgement of its epoch.");

    /// <summary><c>ztfleet.decisions</c> ({decision}, tags effect allow or deny, kind access or flow): decisions made.</summary>
    public static Counter<long> Decisions { get; } = Meter.CreateCounter<long>(
        "ztfleet.decisions", "{decision}", "Access and flow decisions made, by effect (allow, deny).");

    /// <summary><c>ztfleet.fleet.apply.duration</c> (s, tags source, outcome): one ApplyFleet, import or rollback call.</summary>
    public static Histogram<double> ApplyDuration { get; } = Meter.CreateHistogram<double>(
        "ztfleet.fleet.apply.duration", "s", "Duration of an apply (ApplyFleet, ImportAssetsCsv, RollbackFleet), by source and outcome.");

    /// <summary><c>ztfleet.assets.import.duration</c> (s, tags outcome): one ImportAssetsCsv call, reading the CSV included.</summary>
    public static Histogram<double> ImportDuration { get; } = Meter.CreateHistogram<double>(
        "ztfleet.assets.import.duration", "s", "Duration of an asset CSV import, reading and validating the file included.");

    /// <summary><c>ztfleet.stream.errors</c> ({error}, tag stream): server streams that ended with an error.</summary>
    public static Counter<long> StreamErrors { get; } = Meter.CreateCounter<long>(
        "ztfleet.stream.errors", "{error}", "Server streams (delta watches, telemetry) that ended with an error other than the caller leaving.");

    /// <summary><c>ztfleet.storage.errors</c> ({error}, tags store, transient): storage operations that failed.</summary>
    public static Counter<long> StorageErrors { get; } = Meter.CreateCounter<long>(
        "ztfleet.storage.errors", "{error}", "Storage operations that failed, by store and whether a retry can succeed.");

    /// <summary>
    /// <c>ztfleet.enforcement_points.behind</c> ({point}, tag plant): active points whose acknowledged epoch is below
    /// the plant's, as last counted.
    /// </summary>
    public static ObservableGauge<int> PointsBehind { get; } = Meter.CreateObservableGauge(
        "ztfleet.enforcement_points.behind", () => Points.Select(p => new Measurement<int>(p.Value.Behind, new KeyValuePair<string, object?>(PlantTag, p.Key))),
        "{point}", "Active enforcement points that have not acknowledged the plant's current epoch.");

    /// <summary>
    /// <c>ztfleet.enforcement_points.silent</c> ({point}, tag plant): active points not heard from (acknowledgement or
    /// heartbeat) within the silence threshold, as last counted.
    /// </summary>
    public static ObservableGauge<int> PointsSilent { get; } = Meter.CreateObservableGauge(
        "ztfleet.enforcement_points.silent", () => Points.Select(p => new Measurement<int>(p.Value.Silent, new KeyValuePair<string, object?>(PlantTag, p.Key))),
        "{point}", "Active enforcement points not heard from within the silence threshold.");

    /// <summary>Records a decision of <paramref name="kind"/> (access, flow).</summary>
    public static void RecordDecision(bool allowed, string kind) =>
        Decisions.Add(1, new KeyValuePair<string, object?>("effect", allowed ? "allow" : "deny"), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Sets the counts the enforcement point gauges report for <paramref name="plant"/>.</summary>
    public static void SetPoints(string plant, int behind, int silent) => Points[plant] = (behind, silent);

    /// <summary>Stops reporting the enforcement point gauges of plants not in <paramref name="plants"/>.</summary>
    public static void KeepPoints(IReadOnlySet<string> plants)
    {
        foreach (var plant in Points.Keys.Where(p => !plants.Contains(p)))
        {
            Points.TryRemove(plant, out _);
        }
    }

    /// <summary>Seconds since <paramref name="startedTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static double SecondsSince(long startedTimestamp) => Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds;
}
