using Google.Protobuf.WellKnownTypes;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Learning;
using ZtFleet.Policy.Monitoring.Telemetry;
using Domain = ZtFleet.Policy.Monitoring.Detections;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Monitoring;

/// <summary>Detections and monitoring modes to their protobuf messages.</summary>
public static class MonitoringMapping
{
    /// <summary>The message of a stored detection.</summary>
    public static Proto.Detection ToProto(this Domain.Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var f = detection.Finding;
        var message = new Proto.Detection
        {
            Id = detection.Id,
            PlantId = detection.Plant.Value,
            Type = (Proto.DetectionType)(int)f.Type,
            Severity = (Proto.DetectionSeverity)(int)f.Severity,
            Status = (Proto.DetectionStatus)(int)detection.Status,
            AssetId = f.Asset?.Value ?? string.Empty,
            ZoneId = f.Zone?.Value ?? string.Empty,
            IdentityId = f.Identity?.Value ?? string.Empty,
            Source = f.Source?.ToProto(),
            Technique = f.Technique is { } t ? new Proto.DetectionTechnique { Id = t.Id, Name = t.Name, Url = t.Url } : null,
            Key = f.Key,
            Summary = f.Summary,
            Count = detection.Count,
            FirstSeen = Timestamp.FromDateTimeOffset(detection.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(detection.LastSeen),
            AcknowledgedBy = detection.AcknowledgedBy ?? string.Empty,
            AcknowledgedAt = Time(detection.AcknowledgedAt),
            ClosedBy = detection.ClosedBy ?? string.Empty,
            ClosedAt = Time(detection.ClosedAt),
            CloseReason = detection.CloseReason ?? string.Empty,
            Learnable = f.Learnable ?? string.Empty,
            Revision = detection.Revision,
        };
        message.Evidence.AddRange(f.Evidence);
        return message;
    }

    /// <summary>The message of a plant's monitoring mode.</summary>
    public static Proto.MonitoringMode ToProto(this MonitoringMode mode, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var message = new Proto.MonitoringMode { PlantId = plant.Value, Plant = mode.Plant.ToProto(), LearningDays = mode.LearningDays };
        message.Zones.AddRange(mode.Zones.Select(z => z.ToProto()));
        return message;
    }

    private static Proto.LearningStatus ToProto(this LearningStatus status) => new()
    {
        ZoneId = status.Zone?.Value ?? string.Empty,
        Learning = status.Learning,
        StartedAt = Time(status.StartedAt),
        EndsAt = Time(status.EndsAt),
        Overridden = status.Overridden,
    };

    private static Proto.DetectionHost ToProto(this ObservedHost host) => new()
    {
        Ip = host.Ip,
        Port = host.Port ?? 0,
        AssetId = host.Asset?.Value ?? string.Empty,
        ZoneId = host.Zone?.Value ?? string.Empty,
    };

    private static Timestamp? Time(DateTimeOffset? at) => at is { } value ? Timestamp.FromDateTimeOffset(value) : null;
}
