using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Export;

/// <summary>
/// Which records one export destination receives: by kind, by minimum severity, by plant, and for access and flow
/// decisions only the denials or all. An empty set means every kind or every plant.
/// </summary>
/// <remarks>
/// Severity: <see cref="Severity.Unspecified"/> on an export record means informational, below
/// <see cref="Severity.Low"/>. Decision and flow records carry <see cref="Severity.Low"/> for a denial (or a dropped
/// flow) and <see cref="Severity.Unspecified"/> for an allow, which is how <see cref="OnlyDenials"/> tells them
/// apart without reading the body. A destination limited to plants receives no fleet-wide record (no plant).
/// </remarks>
/// <param name="Kinds">The kinds it receives (empty: all).</param>
/// <param name="MinimumSeverity">The least severity it receives (<see cref="Severity.Unspecified"/>: everything, informational included).</param>
/// <param name="Plants">The plants it receives (empty: all, fleet-wide records included).</param>
/// <param name="OnlyDenials">For <see cref="ExportKind.Decision"/> and <see cref="ExportKind.Flow"/> records: only denials.</param>
public sealed record ExportFilter(IReadOnlySet<ExportKind> Kinds, Severity MinimumSeverity, IReadOnlySet<string> Plants, bool OnlyDenials)
{
    /// <summary>Everything.</summary>
    public static ExportFilter All { get; } = new(new HashSet<ExportKind>(), Severity.Unspecified, new HashSet<string>(StringComparer.Ordinal), OnlyDenials: false);

    /// <summary>Whether a destination with this filter receives <paramref name="record"/>.</summary>
    public bool Matches(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (Kinds.Count > 0 && !Kinds.Contains(record.Kind))
        {
            return false;
        }

        var severity = Rank(record.Severity);
        if (severity < Rank(MinimumSeverity))
        {
            return false;
        }

        if (OnlyDenials && record.Kind is ExportKind.Decision or ExportKind.Flow && severity < Rank(Severity.Low))
        {
            return false;
        }

        return Plants.Count == 0 || (record.Plant is { } plant && Plants.Contains(plant));
    }

    /// <summary>Whether any record of <paramref name="kind"/> can pass (the API's decision tap runs only when one can).</summary>
    public bool Wants(ExportKind kind) => Kinds.Count == 0 || Kinds.Contains(kind);

    /// <summary>Whether an allowed decision or flow can pass (otherwise the tap writes only denials).</summary>
    public bool WantsAllows(ExportKind kind) => Wants(kind) && !OnlyDenials && MinimumSeverity == Severity.Unspecified;

    // Informational (0) below low (1); undefined numbers count as critical, as the severity's own rule says.
    private static int Rank(Severity severity) => Enum.IsDefined(severity) ? (int)severity : (int)Severity.Critical;
}
