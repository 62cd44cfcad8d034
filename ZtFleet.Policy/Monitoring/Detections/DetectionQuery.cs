using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// Which detections of a plant to list: every filter left null (or empty) matches everything. Results come newest
/// first (by when they were opened), <see cref="Limit"/> at a time, after <see cref="BeforeSequence"/> when paging.
/// </summary>
/// <param name="Plant">The plant.</param>
public sealed record DetectionQuery(PlantId Plant)
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only these statuses.</summary>
    public IReadOnlyList<DetectionStatus> Statuses { get; init; } = [];

    /// <summary>Only these types.</summary>
    public IReadOnlyList<DetectionType> Types { get; init; } = [];

    /// <summary>Only detections of this severity or higher.</summary>
    public Severity? MinSeverity { get; init; }

    /// <summary>Only about this asset.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>Only about this identity.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>Only in this zone.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>Only detections seen at or after this time (their last evidence).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only detections seen before this time (their first evidence).</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Page: only detections opened before the one with this sequence number (the previous page's last).</summary>
    public long? BeforeSequence { get; init; }

    /// <summary>At most this many (1–<see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>True when <paramref name="detection"/> passes every filter (not the paging).</summary>
    public bool Matches(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var f = detection.Finding;
        return detection.Plant == Plant
            && (Statuses.Count == 0 || Statuses.Contains(detection.Status))
            && (Types.Count == 0 || Types.Contains(f.Type))
            && (MinSeverity is not { } min || DetectionRecording.Rank(f.Severity) >= DetectionRecording.Rank(min))
            && (Asset is not { } asset || f.Asset == asset)
            && (Identity is not { } identity || f.Identity == identity)
            && (Zone is not { } zone || f.Zone == zone)
            && (From is not { } from || detection.LastSeen >= from)
            && (To is not { } to || detection.FirstSeen < to);
    }

    /// <summary>The sequence number of a detection id <c>{plant}-{n}</c>, or null when the id is not one.</summary>
    public static long? SequenceOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var dash = id.LastIndexOf('-');
        return dash > 0 && long.TryParse(id.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    /// <summary>The plant of a detection id <c>{plant}-{n}</c>, or null when the id is not one.</summary>
    public static PlantId? PlantOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var dash = id.LastIndexOf('-');
        return dash > 0 && SequenceOf(id) is not null && PlantId.TryParse(id[..dash], out var plant) ? plant : null;
    }

    /// <summary>The id of the <paramref name="sequence"/>-th detection of <paramref name="plant"/>.</summary>
    public static string IdOf(PlantId plant, long sequence) =>
        $"{plant.Value}-{sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
