namespace ZtFleet.Policy.Response.Playbooks;

/// <summary>
/// The fleet document's <c>response:</c> section: how detections group into incidents, how many automatic actions
/// a plant may take, and the playbooks.
/// </summary>
/// <param name="Playbooks">The declared playbooks.</param>
/// <param name="CorrelationWindow">How far apart two parts of one incident may be in time.</param>
/// <param name="AutoActionsPerHour">Automatic steps a plant may take in any hour; beyond, steps become recommendations.</param>
public sealed record ResponseSettings(IReadOnlyList<Playbook> Playbooks, TimeSpan CorrelationWindow, int AutoActionsPerHour)
{
    /// <summary>No playbooks, a one-hour correlation window, ten automatic actions per plant and hour.</summary>
    public static ResponseSettings Default { get; } = new([], TimeSpan.FromHours(1), 10);
}
