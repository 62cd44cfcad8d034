using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Policy.Export;

/// <summary>
/// A record read once into what the line formats (syslog structured data, CEF extensions, the sentence) share: the
/// typed body and the entities it names.
/// </summary>
internal sealed class ExportFacts
{
    private ExportFacts(ExportRecord record, object body)
    {
        Record = record;
        Body = body;
    }

    public ExportRecord Record { get; }

    /// <summary>The typed body: <see cref="Detection"/>, <see cref="Incident"/>, <see cref="AccessDecisionBody"/>,
    /// <see cref="FlowBody"/>, <see cref="AuthenticationBody"/> or <see cref="AuditBody"/>.</summary>
    public object Body { get; }

    /// <summary>The record's own id: detection or incident id, audit sequence, telemetry event id; null when none.</summary>
    public string? Id { get; private init; }

    public string? Zone { get; private init; }

    public string? Asset { get; private init; }

    public string? Identity { get; private init; }

    public ExportEndpoint? Source { get; private init; }

    public ExportEndpoint? Destination { get; private init; }

    public string? Transport { get; private init; }

    public string? Protocol { get; private init; }

    public int? FunctionCode { get; private init; }

    public string? Rule { get; private init; }

    public string? Reason { get; private init; }

    public AttackTechnique? Technique { get; private init; }

    /// <summary>What was done (CEF <c>act</c>): <c>allow</c>, <c>deny</c>, <c>drop</c>, the audit action…</summary>
    public string? Action { get; private init; }

    /// <summary><c>success</c> or <c>failure</c> when the record has an outcome.</summary>
    public string? Outcome { get; private init; }

    /// <summary>Who acted (CEF <c>suser</c>).</summary>
    public string? Actor { get; private init; }

    /// <summary>Who it was done to (CEF <c>duser</c>).</summary>
    public string? TargetUser { get; private init; }

    /// <summary>The event's short name and signature (<c>detection:scanning</c>, <c>decision:deny</c>, <c>identity.lock</c>).</summary>
    public string Signature { get; private init; } = "";

    /// <summary>The record as one sentence.</summary>
    public string Sentence { get; private init; } = "";

    /// <summary>Reads <paramref name="record"/>'s body by its kind.</summary>
    public static ExportFacts Of(ExportRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Kind switch
        {
            ExportKind.Detection => OfDetection(record, ExportJson.Read<Detection>(record)),
            ExportKind.Incident => OfIncident(record, ExportJson.Read<Incident>(record)),
            ExportKind.Decision => OfDecision(record, ExportJson.Read<AccessDecisionBody>(record)),
            ExportKind.Flow => OfFlow(record, ExportJson.Read<FlowBody>(record)),
            ExportKind.Authentication => OfAuthentication(record, ExportJson.Read<AuthenticationBody>(record)),
            ExportKind.UserManagement or ExportKind.Remediation or ExportKind.Audit => OfAudit(record, ExportJson.Read<AuditBody>(record)),
            _ => throw new ArgumentException($"A record of kind {record.Kind} cannot be exported.", nameof(record)),
        };
    }

    /// <summary>The kind's stable kebab-case name (<c>user-management</c>): syslog MSGID, CEF <c>cat</c>, the webhook's <c>kind</c>.</summary>
    public static string KindName(ExportKind kind) => Spelled<ExportKind>.Of(kind);

    /// <summary>An operation in the fleet document's spelling (<c>remote-session</c>), <c>unspecified</c> when it has none.</summary>
    public static string OperationName(Access.Operation operation) =>
        Inventory.InventoryVocabulary.TryName(operation, out var name) ? name : "unspecified";

    /// <summary>An operation as an audit detail writes it (<c>RemoteSession</c>) in the document's spelling (<c>remote-session</c>).</summary>
    public static string OperationName(string operation) =>
        Enum.TryParse<Access.Operation>(operation, ignoreCase: true, out var parsed) && parsed != Access.Operation.Unspecified
            ? OperationName(parsed)
            : operation.ToLowerInvariant();

    /// <summary>The severity's name, <c>informational</c> for <see cref="Severity.Unspecified"/>.</summary>
    public static string SeverityName(Severity severity) =>
        severity == Severity.Unspecified ? "informational" : Spelled<Severity>.Of(severity);

    private static ExportFacts OfDetection(ExportRecord record, Detection detection)
    {
        var finding = detection.Finding;
        var type = Spelled.Of(finding.Type);
        var source = finding.Source is { } s ? ExportEndpoint.Of(s) : null;
        return new(record, detection)
        {
            Id = detection.Id,
            Zone = finding.Zone?.Value,
            Asset = finding.Asset?.Value,
            Identity = finding.Identity?.Value,
            Source = source,
            Destination = finding.Asset is { } asset ? new ExportEndpoint(null, null, asset, finding.Zone) : null,
            FunctionCode = DetectionFunctionCode(finding),
            Technique = finding.Technique,
            Action = Spelled.Of(detection.Status),
            Actor = detection.ClosedBy ?? detection.AcknowledgedBy,
            TargetUser = finding.Identity?.Value,
            Signature = $"detection:{type}",
            Sentence = $"Detection {detection.Id} ({type}, {SeverityName(finding.Severity)}, {Spelled.Of(detection.Status)}, seen {detection.Count}x): {finding.Summary}",
        };
    }

    private static ExportFacts OfIncident(ExportRecord record, Incident incident)
    {
        var plants = incident.Plants.Count > 0 ? string.Join(", ", incident.Plants) : record.Plant ?? "-";
        return new(record, incident)
        {
            Id = incident.Id,
            Asset = incident.Assets.Count == 1 ? incident.Assets[0].Value : null,
            Identity = incident.Identities.Count == 1 ? incident.Identities[0].Value : null,
            Zone = incident.Parts.Select(p => p.Zone).Where(z => z is not null).Distinct().Count() == 1
                ? incident.Parts.First(p => p.Zone is not null).Zone!.Value.Value
                : null,
            Action = Spelled.Of(incident.Status),
            Actor = incident.Owner,
            TargetUser = incident.Identities.Count == 1 ? incident.Identities[0].Value : null,
            Signature = "incident",
            Sentence = $"Incident {incident.Id} ({SeverityName(incident.Severity)}, {Spelled.Of(incident.Status)}, {incident.Parts.Count} parts at {plants}): {incident.Title}",
        };
    }

    private static ExportFacts OfDecision(ExportRecord record, AccessDecisionBody body)
    {
        var verb = body.IsAllowed ? "allowed" : "denied";
        var target = body.Asset?.Value ?? (body.Zone is { } z ? $"zone {z}" : "-");
        var operation = OperationName(body.Operation);
        var via = body.EnforcementPoint is null ? "" : $" at {body.EnforcementPoint}";
        var emergency = body.Emergency ? " as a declared emergency (break-glass)" : "";
        return new(record, body)
        {
            Id = body.EventId,
            Zone = body.Zone?.Value,
            Asset = body.Asset?.Value,
            Identity = body.Identity.Value,
            Source = body.Source,
            Destination = body.Asset is { } asset ? new ExportEndpoint(null, null, asset, body.Zone) : null,
            Rule = body.Rule,
            Reason = body.Reason,
            Action = body.IsAllowed ? "allow" : "deny",
            Outcome = body.IsAllowed ? "success" : "failure",
            Actor = body.Identity.Value,
            Signature = body.IsAllowed ? "decision:allow" : "decision:deny",
            Sentence = $"{body.Identity} was {verb} to {operation} {target}{emergency}{via} ({body.Reason}{(body.Rule is null ? "" : $", rule {body.Rule}")}).",
        };
    }

    private static ExportFacts OfFlow(ExportRecord record, FlowBody body)
    {
        var verb = body.Action switch
        {
            FlowAction.Allowed => "allowed",
            FlowAction.Dropped => "dropped",
            FlowAction.Observed => "observed",
            _ => "reported",
        };
        var what = string.Join(' ', new[] { body.Transport, body.Protocol, body.Operation }.Where(w => !string.IsNullOrEmpty(w)));
        var port = body.Destination.Port is { } p ? $":{p}" : "";
        var by = body.Reporter is null ? "" : $" by {body.Reporter}";
        return new(record, body)
        {
            Id = body.EventId,
            Zone = body.Destination.Zone?.Value,
            Asset = body.Destination.Asset?.Value,
            Identity = body.Identity?.Value,
            Source = body.Source,
            Destination = body.Destination,
            Transport = body.Transport,
            Protocol = body.Protocol,
            FunctionCode = body.FunctionCode,
            Rule = body.Rule,
            Reason = body.Reason,
            Action = body.Action switch
            {
                FlowAction.Allowed => "allow",
                FlowAction.Dropped => "drop",
                _ => "observe",
            },
            Outcome = body.Action switch
            {
                FlowAction.Allowed => "success",
                FlowAction.Dropped => "failure",
                _ => null,
            },
            Actor = body.Identity?.Value,
            Signature = $"flow:{verb}",
            Sentence = $"Flow {body.Source}{(body.Source.Port is { } sp ? $":{sp}" : "")} -> {body.Destination}{port}{(what.Length > 0 ? $" ({what})" : "")} was {verb}{by}{(body.Rule is null ? "" : $" (rule {body.Rule})")}.",
        };
    }

    private static ExportFacts OfAuthentication(ExportRecord record, AuthenticationBody body)
    {
        var state = body.Success ? "success" : body.Lockout ? "lockout" : "failure";
        var sentence = body.Success
            ? $"{body.User} authenticated with {body.Method}."
            : body.Lockout
                ? $"{body.User} was locked out of {body.Method}{(body.Failures is { } f ? $" after {f} refused attempts" : "")}{(body.LockedUntil is { } u ? $" until {u.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}" : "")}."
                : $"{body.User} failed to authenticate with {body.Method}{(body.Reason is null ? "" : $": {body.Reason}")}.";
        return new(record, body)
        {
            Id = body.EventId ?? body.AuditSequence?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Zone = body.Target?.Zone?.Value,
            Asset = body.Target?.Asset?.Value,
            Identity = body.Identity?.Value,
            Source = body.Source,
            Destination = body.Target,
            Reason = body.Reason,
            Action = body.Lockout ? "lockout" : "authenticate",
            Outcome = body.Success ? "success" : "failure",
            Actor = body.User,
            TargetUser = body.Identity?.Value ?? body.User,
            Signature = $"authentication:{state}",
            Sentence = sentence,
        };
    }

    private static ExportFacts OfAudit(ExportRecord record, AuditBody body) => new(record, body)
    {
        Id = body.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Asset = body.Asset?.Value,
        Identity = body.Identity?.Value,
        Destination = body.Asset is { } asset ? new ExportEndpoint(null, null, asset, null) : null,
        Action = body.Action,
        Outcome = body.Failed ? "failure" : "success",
        Actor = body.Actor,
        TargetUser = body.Identity?.Value,
        Signature = body.Action,
        Sentence = AuditSentence(body),
    };

    private static string AuditSentence(AuditBody body)
    {
        var who = body.Identity?.Value ?? body.Target;
        var operations = body.Operations.Count == 0 ? "" : $" ({string.Join(", ", body.Operations.Select(OperationName))})";
        var on = body.Asset?.Value ?? body.Identity?.Value;
        var step = body.Step is null ? "" : on is null ? $" ({body.Step})" : $" ({body.Step} of {on})";
        return body.Activity switch
        {
            ExportActivity.IdentityLocked => $"{body.Actor} locked identity {who}.",
            ExportActivity.IdentityUnlocked => $"{body.Actor} unlocked identity {who}.",
            ExportActivity.LockoutCleared => $"{body.Actor} cleared the TOTP lockout of {who}.",
            ExportActivity.MfaEnrolled => $"{body.Actor} enrolled a TOTP factor for {who}.",
            ExportActivity.GrantApproved => $"{body.Actor} approved grant {body.Target} for {who}{operations}: it is active.",
            ExportActivity.GrantRevoked => $"{body.Actor} revoked grant {body.Target} of {who}{operations}.",
            ExportActivity.GrantExpired => $"Grant {body.Target} of {who}{operations} expired.",
            ExportActivity.RemediationRequested => $"{body.Actor}: {body.Action} {body.Target}{step} waits ({body.Outcome}).",
            ExportActivity.RemediationApplied => $"{body.Actor}: {body.Action} {body.Target}{step} is in force ({body.Outcome}).",
            ExportActivity.RemediationRefused => $"{body.Actor}: {body.Action} {body.Target}{step} was refused ({body.Outcome}).",
            ExportActivity.RestoreRequested => $"{body.Actor}: {body.Action} {body.Target}{step}: lifting waits ({body.Outcome}).",
            ExportActivity.Restored => $"{body.Actor}: {body.Action} {body.Target}{step}: lifted ({body.Outcome}).",
            ExportActivity.RestoreRefused => $"{body.Actor}: {body.Action} {body.Target}{step}: lifting refused, still {body.Outcome}.",
            _ => $"{body.Actor} {body.Action} {body.Target}: {body.Outcome}.",
        };
    }

    /// <summary>The function code a Modbus detection names: its key ends in <c>:fcN</c> (<c>…&gt;plc-1:fc90</c>).</summary>
    private static int? DetectionFunctionCode(Finding finding)
    {
        var key = finding.Key;
        var at = key.LastIndexOf(":fc", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var digits = key.AsSpan(at + 3);
        var end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        return end is > 0 and <= 3 && int.TryParse(digits[..end], System.Globalization.CultureInfo.InvariantCulture, out var code) && code is >= 1 and <= 127
            ? code
            : null;
    }
}
