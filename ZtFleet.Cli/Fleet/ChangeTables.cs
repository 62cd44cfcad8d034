using Google.Protobuf.Collections;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Fleet;

/// <summary>The diff of an apply, an import or two versions, and an apply's what-if, as tables.</summary>
internal static class ChangeTables
{
    public static Table Changes(RepeatedField<EntityChange> changes)
    {
        var table = new Table("change", "kind", "plant", "id", "fields");
        foreach (var change in changes)
        {
            table.Add(change.Change, change.Kind, change.PlantId, change.Id, change.ChangedFields);
        }

        return table;
    }

    public static Table Impacts(RepeatedField<FlowImpact> impacts)
    {
        var table = new Table("plant", "flow", "from", "to", "protocol", "port", "operation", "before", "after");
        foreach (var impact in impacts)
        {
            table.Add(impact.PlantId, impact.FlowId, impact.FromAssetId, impact.ToAssetId, impact.Protocol, impact.Port, impact.Operation,
                Decision(impact.Before), Decision(impact.After));
        }

        return table;
    }

    /// <summary>"added 3, changed 1, removed 0".</summary>
    public static string Summary(RepeatedField<EntityChange> changes) =>
        $"{changes.Count(c => c.Change == ChangeKind.Added)} added, {changes.Count(c => c.Change == ChangeKind.Changed)} changed, {changes.Count(c => c.Change == ChangeKind.Removed)} removed";

    private static string Decision(FlowDecision? decision) =>
        decision is null ? "" : $"{(decision.Allow ? "allow" : "deny")} ({decision.Reason})";
}
