using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Authorization;

/// <summary>
/// Which playbooks a caller may read (<see cref="AdminAction.ReadPlaybooks"/>): fleet admins and auditors every one;
/// a plant admin those whose trigger admits a plant it sees (no <c>plants</c> list, or one naming such a plant), with
/// the trigger's plant list cut to the plants it sees, so that it learns no other plant's id. Everyone else none.
/// </summary>
public static class PlaybookVisibility
{
    /// <summary>The playbook as <paramref name="principal"/> may read it, or null when it may not.</summary>
    public static Playbook? Visible(Principal principal, Playbook playbook)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(playbook);
        if (!Authorizer.Decide(principal, AdminAction.ReadPlaybooks).IsAllowed)
        {
            return null;
        }

        if (Authorizer.IsFleetWide(principal.Role))
        {
            return playbook;
        }

        var plants = playbook.Trigger.Plants ?? [];
        if (plants.Count == 0)
        {
            return playbook;
        }

        var seen = plants
            .Where(p => PlantId.TryParse(p, out var id) && Authorizer.Decide(principal, AdminAction.ReadPlaybooks, id).IsAllowed)
            .ToList();
        return seen.Count == 0 ? null : playbook with { Trigger = playbook.Trigger with { Plants = seen } };
    }

    /// <summary>The response settings with only the playbooks <paramref name="principal"/> may read (<see cref="Visible(Principal, Playbook)"/>).</summary>
    public static ResponseSettings Visible(Principal principal, ResponseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Playbooks = (settings.Playbooks ?? []).Select(p => Visible(principal, p)).OfType<Playbook>().ToList() };
    }
}
