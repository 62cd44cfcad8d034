using Google.Protobuf.WellKnownTypes;
using ZtFleet.Grains.Access;
using ZtFleet.Grains.Identities;
using ZtFleet.Policy.Access;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Mapping;

/// <summary>Access workflow and decision values to their protobuf messages. Enums share numeric values by design.</summary>
public static class AccessMapping
{
    public static Proto.AccessRequest ToProto(this AccessRequestView view)
    {
        var submission = view.Submission;
        var message = new Proto.AccessRequest
        {
            RequestId = view.RequestId,
            IdentityId = submission.Identity.Value,
            PlantId = submission.Plant.Value,
            NotBefore = Timestamp.FromDateTimeOffset(submission.NotBefore),
            NotAfter = Timestamp.FromDateTimeOffset(submission.NotAfter),
            Justification = submission.Justification,
            WorkOrder = submission.WorkOrder,
            RequestedBy = submission.RequestedBy,
            Status = (Proto.AccessRequestStatus)(int)view.Status,
            RequiredApprovals = view.RequiredApprovals,
            ClosedBy = view.ClosedBy ?? string.Empty,
            ClosedReason = view.ClosedReason ?? string.Empty,
        };
        message.Operations.AddRange(submission.Operations.Select(o => (Proto.Operation)(int)o));
        message.ZoneIds.AddRange(submission.Zones.Select(z => z.Value));
        message.AssetIds.AddRange(submission.Assets.Select(a => a.Value));
        message.ApprovedBy.AddRange(view.Approvals.Select(a => a.Approver));
        message.Approvals.AddRange(view.Approvals.Select(a => new Proto.AccessApproval { Approver = a.Approver, At = Timestamp.FromDateTimeOffset(a.At), Comment = a.Comment ?? string.Empty }));
        message.SubmittedAt = Timestamp.FromDateTimeOffset(view.SubmittedAt);
        message.Epochs.AddRange(view.Epochs.ToProto());
        return message;
    }

    public static IEnumerable<Proto.PlantEpoch> ToProto(this IEnumerable<PlantEpoch> epochs) =>
        epochs.Select(e => new Proto.PlantEpoch { PlantId = e.Plant.Value, Epoch = e.Epoch });

    public static Proto.Decision ToProto(this in Decision decision)
    {
        var message = new Proto.Decision
        {
            Allow = decision.IsAllowed,
            Reason = decision.Reason ?? string.Empty,
            RuleId = decision.RuleId ?? string.Empty,
            ValidUntil = Timestamp.FromDateTimeOffset(decision.ValidUntil),
            Epoch = decision.Epoch,
            Obligations = new Proto.Obligations
            {
                StepUpMfa = decision.Obligations.HasFlag(Obligations.StepUpMfa),
                MfaMaxAgeMinutes = decision.MfaMaxAgeMinutes,
                RecordSession = decision.Obligations.HasFlag(Obligations.RecordSession),
            },
        };
        message.Facts.AddRange(decision.Facts);
        return message;
    }
}
