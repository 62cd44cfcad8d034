using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Export;

/// <summary>
/// The one-line way for a producer to make an <see cref="ExportRecord"/>: kind, plant, time and severity set from the
/// model, the body written as JSON (<see cref="ExportJson"/>). Nothing here reads a clock: the time is the model's.
/// </summary>
public static class ExportRecords
{
    /// <summary>
    /// A detection opened or changed: severity the detection's, time the latest of its evidence, acknowledgement and
    /// closing. Body: the <see cref="Detection"/> itself.
    /// </summary>
    public static ExportRecord From(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var at = Latest(detection.LastSeen, detection.AcknowledgedAt, detection.ClosedAt);
        return new(ExportKind.Detection, detection.Plant.Value, at, detection.Finding.Severity, ExportJson.Serialize(detection));
    }

    /// <summary>
    /// An incident opened or changed: its severity, time <see cref="Incident.Updated"/>, the plant when it has exactly
    /// one (a cross-plant incident is fleet-wide: null). Body: the <see cref="Incident"/> itself.
    /// </summary>
    public static ExportRecord From(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var plants = incident.Plants.Count > 0
            ? incident.Plants.Distinct().ToList()
            : incident.Parts.Where(p => p.Plant is not null).Select(p => p.Plant!.Value).Distinct().ToList();
        var plant = plants.Count == 1 ? plants[0].Value : null;
        return new(ExportKind.Incident, plant, incident.Updated, incident.Severity, ExportJson.Serialize(incident));
    }

    /// <summary>
    /// An audit record, as the kind its action says (<see cref="AuditExportMapping.KindOf"/>): body
    /// <see cref="AuthenticationBody"/> for authentications, <see cref="AuditBody"/> otherwise. Plant: the record's
    /// scope (null for the fleet's chain).
    /// </summary>
    public static ExportRecord From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = record.Entry;
        var kind = AuditExportMapping.KindOf(entry);
        if (kind == ExportKind.Authentication)
        {
            var authentication = AuditExportMapping.AuthenticationOf(record);
            var severity = AuditExportMapping.SeverityOf(entry, kind, ExportActivity.Other, null);
            return new(kind, entry.Plant, entry.At, severity, ExportJson.Serialize(authentication));
        }

        var body = AuditExportMapping.BodyOf(record);
        return new(kind, entry.Plant, entry.At, AuditExportMapping.SeverityOf(entry, kind, body.Activity, body.Step), ExportJson.Serialize(body));
    }

    /// <summary>
    /// An access decision ZtFleet made (<c>Check</c>, <c>BatchCheck</c>): denied is <see cref="Severity.Low"/>, a
    /// declared emergency (break-glass) <see cref="Severity.High"/>, an ordinary allow informational.
    /// </summary>
    /// <param name="plant">The plant it was decided at.</param>
    /// <param name="request">What was asked.</param>
    /// <param name="decision">The answer.</param>
    /// <param name="at">When (the control plane's clock).</param>
    /// <param name="enforcementPoint">The PEP that asked, or null for an administrator.</param>
    /// <param name="zone">The target's zone when the target is an asset and the caller knows its zone.</param>
    /// <param name="level">The target's Purdue level, when known.</param>
    public static ExportRecord From(
        PlantId plant,
        AccessRequest request,
        Decision decision,
        DateTimeOffset at,
        string? enforcementPoint = null,
        ZoneId? zone = null,
        PurdueLevel? level = null)
    {
        var body = new AccessDecisionBody(request.Subject, request.Operation, decision.Effect, decision.Reason ?? string.Empty)
        {
            Asset = request.Asset,
            Zone = request.Zone ?? zone,
            Level = level,
            Rule = decision.RuleId,
            Emergency = request.Emergency,
            Obligations = decision.Obligations,
            Epoch = decision.Epoch,
            EnforcementPoint = enforcementPoint,
        };
        return Decision(plant, at, body);
    }

    /// <summary>An access decision an enforcement point reports having enforced (telemetry).</summary>
    public static ExportRecord From(AccessDecisionEvent observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var body = new AccessDecisionBody(
            observed.Identity, observed.Operation, observed.Allowed ? DecisionEffect.Allow : DecisionEffect.Deny, observed.Reason)
        {
            Asset = observed.Asset,
            Zone = observed.Zone,
            Emergency = observed.Emergency,
            EnforcementPoint = observed.Sender,
            Source = observed.Source is { } source ? ExportEndpoint.Of(source) : null,
            EventId = observed.Id,
        };
        return Decision(observed.Plant, observed.At, body);
    }

    /// <summary>
    /// A flow ZtFleet decided (<c>CheckFlow</c>): a deny is <see cref="Severity.Low"/>, an allow informational.
    /// </summary>
    /// <param name="plant">The plant.</param>
    /// <param name="request">The flow asked about.</param>
    /// <param name="decision">The answer.</param>
    /// <param name="at">When (the control plane's clock).</param>
    /// <param name="enforcementPoint">The PEP that asked, or null for an administrator.</param>
    /// <param name="transport"><c>tcp</c> or <c>udp</c>, when the caller knows it.</param>
    public static ExportRecord From(
        PlantId plant,
        FlowRequest request,
        FlowDecision decision,
        DateTimeOffset at,
        string? enforcementPoint = null,
        string? transport = null)
    {
        var protocol = InventoryVocabulary.TryName(request.Protocol, out var name) ? name : null;
        var body = new FlowBody(
            ExportEndpoint.Of(request.Source, decision.SourceAsset, decision.SourceZone),
            ExportEndpoint.Of(request.Destination, decision.DestinationAsset, decision.DestinationZone, request.Port),
            decision.IsAllowed ? FlowAction.Allowed : FlowAction.Dropped)
        {
            Transport = transport,
            Protocol = protocol,
            Operation = request.Operation,
            FunctionCode = ModbusFunctionCode(protocol, request.Operation),
            Rule = decision.RuleId,
            Reason = decision.Reason,
            Identity = request.Identity,
            Reporter = enforcementPoint,
            Decided = true,
        };
        return Flow(plant, at, body);
    }

    /// <summary>
    /// A flow an enforcement point or sensor reported (telemetry): dropped is <see cref="Severity.Low"/>, allowed and
    /// observed informational. Taps usually export the dropped ones only.
    /// </summary>
    public static ExportRecord From(FlowEvent flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var body = new FlowBody(ExportEndpoint.Of(flow.Source), ExportEndpoint.Of(flow.Destination), flow.Action)
        {
            Transport = flow.Transport,
            Protocol = flow.Protocol,
            Rule = flow.Rule,
            Reporter = flow.Sender,
            Bytes = flow.Bytes,
            Packets = flow.Packets,
            End = flow.End,
            EventId = flow.Id,
        };
        return Flow(flow.Plant, flow.At, body);
    }

    /// <summary>
    /// An authentication an enforcement point, jump host or HMI reported (telemetry): failed is
    /// <see cref="Severity.Low"/>, a lockout <see cref="Severity.Medium"/>, success informational.
    /// </summary>
    public static ExportRecord From(AuthenticationEvent authentication)
    {
        ArgumentNullException.ThrowIfNull(authentication);
        var lockout = !authentication.Success && authentication.Reason == "lockout";
        var body = new AuthenticationBody(authentication.User, authentication.Method, authentication.Success)
        {
            Identity = authentication.Identity,
            Lockout = lockout,
            Reason = authentication.Reason,
            Source = authentication.Source is { } source ? ExportEndpoint.Of(source) : null,
            Target = authentication.Target is { } target ? ExportEndpoint.Of(target) : null,
            Reporter = authentication.Sender,
            EventId = authentication.Id,
        };
        var severity = authentication.Success ? Severity.Unspecified : lockout ? Severity.Medium : Severity.Low;
        return new(ExportKind.Authentication, authentication.Plant.Value, authentication.At, severity, ExportJson.Serialize(body));
    }

    /// <summary>
    /// A telemetry event as a record, for taps: flows, authentications and access decisions; null for the kinds that
    /// are not exported as such (OT transactions and asset changes reach the SIEM as the detections they cause).
    /// </summary>
    public static ExportRecord? FromTelemetry(TelemetryEvent observed) => observed switch
    {
        FlowEvent flow => From(flow),
        AuthenticationEvent authentication => From(authentication),
        AccessDecisionEvent decision => From(decision),
        null => throw new ArgumentNullException(nameof(observed)),
        _ => null,
    };

    /// <summary>
    /// The Modbus function code an operation names (<c>fc6</c> → 6) on a Modbus flow; null for other protocols or
    /// operations.
    /// </summary>
    public static int? ModbusFunctionCode(string? protocol, string? operation)
    {
        if (protocol is not "modbus-tcp" || operation is null || !operation.StartsWith("fc", StringComparison.Ordinal))
        {
            return null;
        }

        return int.TryParse(operation.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code)
            && code is >= 1 and <= 127
            ? code
            : null;
    }

    private static ExportRecord Decision(PlantId plant, DateTimeOffset at, AccessDecisionBody body)
    {
        var severity = body.Emergency ? Severity.High : body.IsAllowed ? Severity.Unspecified : Severity.Low;
        return new(ExportKind.Decision, plant.Value, at, severity, ExportJson.Serialize(body));
    }

    private static ExportRecord Flow(PlantId plant, DateTimeOffset at, FlowBody body)
    {
        var severity = body.Action == FlowAction.Dropped ? Severity.Low : Severity.Unspecified;
        return new(ExportKind.Flow, plant.Value, at, severity, ExportJson.Serialize(body));
    }

    private static DateTimeOffset Latest(DateTimeOffset at, params DateTimeOffset?[] others)
    {
        foreach (var other in others)
        {
            if (other is { } o && o > at)
            {
                at = o;
            }
        }

        return at;
    }
}
