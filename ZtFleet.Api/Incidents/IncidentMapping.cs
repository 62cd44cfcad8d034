using Google.Protobuf.WellKnownTypes;
using Domain = ZtFleet.Policy.Response.Incidents;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Incidents;

/// <summary>Incidents to their protobuf messages.</summary>
public static class IncidentMapping
{
    /// <summary>The message of an incident (as the caller may see it).</summary>
    public static Proto.Incident ToProto(this Domain.Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var message = new Proto.Incident
        {
            Id = incident.Id,
            Status = (Proto.IncidentStatus)(int)incident.Status,
            Severity = (Proto.DetectionSeverity)(int)incident.Severity,
            Title = incident.Title,
            Opened = Timestamp.FromDateTimeOffset(incident.Opened),
            Updated = Timestamp.FromDateTimeOffset(incident.Updated),
            Owner = incident.Owner ?? string.Empty,
            CloseReason = incident.CloseReason ?? string.Empty,
            Revision = incident.Revision,
            CrossPlant = incident.CrossPlant,
            ConduitChain = incident.ConduitChain,
            TowardSafety = incident.TowardSafety,
            MergedInto = incident.MergedInto ?? string.Empty,
            Partial = incident.Partial,
        };
        message.Parts.AddRange(incident.Parts.Select(ToProto));
        message.PlantIds.AddRange(incident.Plants.Select(p => p.Value));
        message.AssetIds.AddRange(incident.Assets.Select(a => a.Value));
        message.IdentityIds.AddRange(incident.Identities.Select(i => i.Value));
        message.ZonePath.AddRange(incident.ZonePath);
        return message;
    }

    private static Proto.IncidentPart ToProto(Domain.IncidentPart part) => new()
    {
        Kind = (Proto.IncidentPartKind)(int)part.Kind,
        Reference = part.Reference,
        PlantId = part.Plant?.Value ?? string.Empty,
        At = Timestamp.FromDateTimeOffset(part.At),
        Severity = (Proto.DetectionSeverity)(int)part.Severity,
        Summary = part.Summary,
        AssetId = part.Asset?.Value ?? string.Empty,
        ZoneId = part.Zone?.Value ?? string.Empty,
        IdentityId = part.Identity?.Value ?? string.Empty,
        Actor = part.Actor ?? string.Empty,
        DetectionType = (Proto.DetectionType)(int)(part.Type ?? Policy.Monitoring.Detections.DetectionType.Unspecified),
        SourceAssetId = part.Source?.Value ?? string.Empty,
        Safety = part.Safety,
    };
}
