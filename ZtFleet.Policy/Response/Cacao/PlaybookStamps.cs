using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Response.Cacao;

/// <summary>Keeps <see cref="PlaybookStamp"/>s in step with the applied playbooks.</summary>
public static class PlaybookStamps
{
    /// <summary>
    /// The stamps after <paramref name="after"/> replaces <paramref name="before"/> at <paramref name="now"/>: a new
    /// playbook is created and modified now, a changed one (any field, as the fleet diff compares them) modified now,
    /// an unchanged one keeps its stamp, a removed one loses it. Sorted by id.
    /// </summary>
    public static IReadOnlyList<PlaybookStamp> Update(
        IReadOnlyList<PlaybookStamp>? stamps, ResponseSettings before, ResponseSettings after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var known = (stamps ?? []).GroupBy(s => s.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var previous = (before.Playbooks ?? []).GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<PlaybookStamp>();
        foreach (var playbook in (after.Playbooks ?? []).DistinctBy(p => p.Id, StringComparer.Ordinal))
        {
            if (!known.TryGetValue(playbook.Id, out var stamp) || !previous.TryGetValue(playbook.Id, out var old))
            {
                result.Add(new PlaybookStamp(playbook.Id, now, now));
            }
            else
            {
                result.Add(Inventory.FleetDiff.PlaybookChanges(old, playbook).Count > 0 ? stamp with { Modified = now } : stamp);
            }
        }

        return result.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }
}
