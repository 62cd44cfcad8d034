using Google.Protobuf.WellKnownTypes;
using ZtFleet.Grains.Quarantine;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Mapping;

/// <summary>Quarantine workflow values to their protobuf messages. Enums share numeric values by design.</summary>
public static class QuarantineMapping
{
    public static Proto.Quarantine ToProto(this QuarantineView view)
    {
        var submission = view.Submission;
        var message = new Proto.Quarantine
        {
            QuarantineId = view.Id,
            PlantId = submission.Plant.Value,
            AssetId = submission.Asset.Value,
            Mode = (Proto.QuarantineMode)(int)submission.Mode,
            Reason = submission.Reason,
            RequestedBy = submission.RequestedBy.ToString(),
            RequestedAt = Timestamp.FromDateTimeOffset(view.RequestedAt),
            SafetyRelated = view.SafetyRelated,
            Status = (Proto.QuarantineStatus)(int)view.Status,
            RequiredApprovals = view.RequiredApprovals,
            Supersedes = view.Supersedes ?? string.Empty,
            SupersededBy = view.SupersededBy ?? string.Empty,
            InForceSince = view.InForceSince is { } since ? Timestamp.FromDateTimeOffset(since) : null,
            LiftRequestedBy = view.Lift?.RequestedBy.ToString() ?? string.Empty,
            LiftReason = view.Lift?.Reason ?? string.Empty,
            LiftRequiredApprovals = view.Lift?.RequiredApprovals ?? 0,
            ClosedBy = view.ClosedBy ?? string.Empty,
            ClosedReason = view.ClosedReason ?? string.Empty,
            Epoch = view.Epoch,
        };
        message.AccessFromAssetIds.AddRange(submission.AccessFrom.Select(a => a.Value));
        message.ApprovedBy.AddRange(view.Approvals.Select(a => a.Approver));
        message.LiftApprovedBy.AddRange(view.Lift?.Approvals.Select(a => a.Approver) ?? []);
        return message;
    }
}
