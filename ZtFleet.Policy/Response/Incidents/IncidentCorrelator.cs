using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// Groups detections, lockouts, quarantines and access events into incidents: a pure function of the open incidents,
/// the new part, the fleet's topology and the correlation window (docs/incidents.md).
/// </summary>
/// <remarks>
/// <para>
/// A part joins an open (or investigating) incident when one of that incident's parts, no further than the window away
/// in time, shares something with it: the same identity (at any plant: that is how one vendor account failing MFA at
/// one plant and trying off-shift access at another becomes one incident), the same asset at the same plant (as the
/// asset concerned or as the source), or, for two detections, zones of the same plant joined by a conduit. A part that
/// joins several incidents merges them into the oldest; the others are closed as merged into it. A part that joins none
/// opens a new incident. Closed incidents are never joined: later parts open a new one.
/// </para>
/// <para>
/// A part already in an incident (same kind, plant and reference: a detection that absorbed more findings) replaces
/// its earlier version; it is not correlated again.
/// </para>
/// </remarks>
public static class IncidentCorrelator
{
    /// <summary>Correlates <paramref name="part"/> with the <paramref name="open"/> incidents.</summary>
    /// <param name="open">The incidents that may be joined (closed ones are skipped).</param>
    /// <param name="part">A detection, lockout, quarantine or access event, with its plant.</param>
    /// <param name="topology">Zones, conduits and safety of the plants.</param>
    /// <param name="window">How far apart in time two parts of one incident may be.</param>
    /// <param name="newId">The id a new incident gets if the part opens one.</param>
    public static Correlation Correlate(IReadOnlyList<Incident> open, IncidentPart part, IncidentTopology topology, TimeSpan window, string newId)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentException.ThrowIfNullOrWhiteSpace(newId);
        if (!part.Correlated || part.Plant is null)
        {
            throw new ArgumentException("Only detections, lockouts, quarantines and access events of a plant are correlated.", nameof(part));
        }

        part = Enrich(part, topology);
        var holder = open.FirstOrDefault(i => i.Status != IncidentStatus.Closed && i.Parts.Any(p => SameRecord(p, part)));
        if (holder is not null)
        {
            var parts = holder.Parts.Select(p => SameRecord(p, part) ? Update(p, part) : p).ToList();
            var updated = holder with { Parts = parts, Updated = Later(holder.Updated, part.At) };
            return new Correlation(Summarize(updated with { ZonePath = PathOf(updated.Parts, topology, window) }), [], Opened: false);
        }

        var matches = open
            .Where(i => i.Status != IncidentStatus.Closed && Joins(i, part, topology, window))
            .OrderBy(i => i.Opened)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
        if (matches.Count == 0)
        {
            var opened = new Incident(newId, IncidentStatus.Open, part.Severity, string.Empty, part.At, part.At, [part]);
            return new Correlation(Summarize(opened with { ZonePath = PathOf(opened.Parts, topology, window) }), [], Opened: true);
        }

        var survivor = matches[0];
        var updatedAt = matches.Select(m => m.Updated).Append(part.At).Max();
        var joined = survivor with
        {
            Parts = Chronological(matches.SelectMany(m => m.Parts).Append(part)),
            Owner = survivor.Owner ?? matches.Select(m => m.Owner).FirstOrDefault(o => o is not null),
            Status = matches.Any(m => m.Status == IncidentStatus.Investigating) ? IncidentStatus.Investigating : IncidentStatus.Open,
            Updated = updatedAt,
        };
        joined = Summarize(joined with { ZonePath = PathOf(joined.Parts, topology, window) });
        var merged = matches.Skip(1)
            .Select(m => m with
            {
                Status = IncidentStatus.Closed,
                MergedInto = survivor.Id,
                CloseReason = $"merged into {survivor.Id}",
                Updated = Later(m.Updated, part.At),
            })
            .ToList();
        return new Correlation(joined, merged, Opened: false);
    }

    /// <summary>
    /// The part with what the topology adds: the zone of its asset when it has none, and whether it is about a
    /// safety-related asset or happened in a safety zone.
    /// </summary>
    public static IncidentPart Enrich(IncidentPart part, IncidentTopology topology)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentNullException.ThrowIfNull(topology);
        if (part.Plant is not { } plant)
        {
            return part;
        }

        var at = topology.Of(plant);
        var zone = part.Zone ?? at.ZoneOf(part.Asset);
        var safety = at.IsSafety(part.Asset) || at.IsSafety(part.Source) || at.IsSafety(zone) || at.IsSafety(at.ZoneOf(part.Source));
        return part with { Zone = zone, Safety = part.Safety || safety };
    }

    /// <summary>
    /// Recomputes what an incident derives from its parts (plants, assets, identities, opened, safety, severity,
    /// title), keeping its <see cref="Incident.ZonePath"/>. Parts come out oldest first.
    /// </summary>
    public static Incident Summarize(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var parts = Chronological(incident.Parts);
        var correlated = parts.Where(p => p.Correlated).ToList();
        var plants = correlated.Where(p => p.Plant is not null).Select(p => p.Plant!.Value).Distinct().ToList();
        var towardSafety = correlated.Any(p => p.Safety);
        var summarized = incident with
        {
            Parts = parts,
            Plants = plants,
            Assets = correlated.SelectMany(p => new[] { p.Asset, p.Source }).OfType<AssetId>().Distinct().ToList(),
            Identities = correlated.Select(p => p.Identity).OfType<IdentityId>().Distinct().ToList(),
            Opened = correlated.Count == 0 ? incident.Opened : correlated.Min(p => p.At),
            TowardSafety = towardSafety,
            Severity = IncidentSeverity.Of(correlated, plants.Count, towardSafety),
        };
        return summarized with { Title = IncidentTitle.Of(summarized) };
    }

    /// <summary>
    /// The zones detections moved through along conduits (<c>plant/zone</c>): per plant, the zones of its detections
    /// in time order (repeats collapsed), keeping each step from a zone to one joined to it by a conduit that
    /// happened within the window.
    /// </summary>
    public static IReadOnlyList<string> PathOf(IEnumerable<IncidentPart> parts, IncidentTopology topology, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(topology);
        var path = new List<string>();
        foreach (var plant in Chronological(parts).Where(p => p.Kind == IncidentPartKind.Detection && p.Plant is not null && p.Zone is not null).GroupBy(p => p.Plant!.Value))
        {
            var at = topology.Of(plant.Key);
            var visits = new List<(ZoneId Zone, DateTimeOffset At)>();
            foreach (var part in plant)
            {
                if (visits.Count > 0 && visits[^1].Zone == part.Zone!.Value)
                {
                    visits[^1] = (part.Zone.Value, part.At);
                }
                else
                {
                    visits.Add((part.Zone!.Value, part.At));
                }
            }

            for (var i = 1; i < visits.Count; i++)
            {
                var (from, to) = (visits[i - 1], visits[i]);
                if (!at.Joined(from.Zone, to.Zone) || to.At - from.At > window)
                {
                    continue;
                }

                var fromName = $"{plant.Key.Value}/{from.Zone.Value}";
                if (path.Count == 0 || path[^1] != fromName)
                {
                    path.Add(fromName);
                }

                path.Add($"{plant.Key.Value}/{to.Zone.Value}");
            }
        }

        return path;
    }

    private static bool Joins(Incident incident, IncidentPart part, IncidentTopology topology, TimeSpan window) =>
        incident.Parts.Any(p => p.Correlated && (p.At - part.At).Duration() <= window && Shares(p, part, topology));

    private static bool Shares(IncidentPart a, IncidentPart b, IncidentTopology topology)
    {
        if (a.Identity is { } identity && b.Identity == identity)
        {
            return true;
        }

        if (a.Plant != b.Plant || a.Plant is not { } plant)
        {
            return false;
        }

        if (SharesAsset(a, b))
        {
            return true;
        }

        return a.Kind == IncidentPartKind.Detection && b.Kind == IncidentPartKind.Detection
            && a.Zone is { } from && b.Zone is { } to && topology.Of(plant).Joined(from, to);
    }

    private static bool SharesAsset(IncidentPart a, IncidentPart b)
    {
        AssetId?[] mine = [a.Asset, a.Source];
        return mine.Any(x => x is not null && (x == b.Asset || x == b.Source));
    }

    private static bool SameRecord(IncidentPart a, IncidentPart b) =>
        a.Kind == b.Kind && a.Plant == b.Plant && string.Equals(a.Reference, b.Reference, StringComparison.Ordinal);

    /// <summary>A newer version of a part: its latest summary and the higher severity; it keeps when it first happened.</summary>
    private static IncidentPart Update(IncidentPart current, IncidentPart newer) =>
        newer with
        {
            At = current.At,
            Severity = IncidentSeverity.Rated(newer.Severity) > IncidentSeverity.Rated(current.Severity) ? newer.Severity : current.Severity,
            Safety = current.Safety || newer.Safety,
        };

    private static List<IncidentPart> Chronological(IEnumerable<IncidentPart> parts) => [.. parts.OrderBy(p => p.At)];

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
