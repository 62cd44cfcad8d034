using System.Text.Json;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Export;

/// <summary>
/// Which export kind an audit record is, by its action (and, where one action covers several steps, its outcome):
/// MFA assertions, refused codes and lockouts are <see cref="ExportKind.Authentication"/>; identity lock and unlock,
/// lockouts cleared, TOTP enrolment, grants approved, revoked and expired are <see cref="ExportKind.UserManagement"/>;
/// quarantines and response steps (<c>response.*</c>) are <see cref="ExportKind.Remediation"/>; everything else is
/// <see cref="ExportKind.Audit"/>. See <c>docs/export-formats.md</c> for the table.
/// </summary>
public static class AuditExportMapping
{
    /// <summary>The RPC whose refusal is a refused MFA factor (the refusal audit writes the method as the action).</summary>
    public const string AssertMfaMethod = "/ztfleet.v1.AccessService/AssertMfa";

    private static readonly string[] StepNames = ["restrict-writes", "revoke-grants", "step-up-mfa", "isolate", "lock", "alert", "webhook"];

    /// <summary>The export kind of <paramref name="entry"/>.</summary>
    public static ExportKind KindOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var action = entry.Action;
        if (action is "mfa.assert" or "mfa.lockout" || action == AssertMfaMethod)
        {
            return ExportKind.Authentication;
        }

        return ActivityOf(entry) switch
        {
            ExportActivity.Other => ExportKind.Audit,
            ExportActivity.IdentityLocked or ExportActivity.IdentityUnlocked or ExportActivity.LockoutCleared
                or ExportActivity.MfaEnrolled or ExportActivity.GrantApproved or ExportActivity.GrantRevoked
                or ExportActivity.GrantExpired => ExportKind.UserManagement,
            _ => ExportKind.Remediation,
        };
    }

    /// <summary>What <paramref name="entry"/> did, normalised; <see cref="ExportActivity.Other"/> for plain audit records.</summary>
    public static ExportActivity ActivityOf(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var outcome = entry.Outcome;
        switch (entry.Action)
        {
            case "identity.lock":
                return ExportActivity.IdentityLocked;
            case "identity.unlock":
                return ExportActivity.IdentityUnlocked;
            case "mfa.lockout-cleared":
                return outcome == "cleared" ? ExportActivity.LockoutCleared : ExportActivity.Other;
            case "mfa.totp-enroll":
                return ExportActivity.MfaEnrolled;
            case "access.approve":
                return outcome == "active" ? ExportActivity.GrantApproved : ExportActivity.Other;
            case "access.revoke":
                return outcome == "revoked" ? ExportActivity.GrantRevoked : ExportActivity.Other;
            case "access.expire" or "access.expired":
                return ExportActivity.GrantExpired;
            case "quarantine.request" or "quarantine.approve":
                return outcome == "in-force" ? ExportActivity.RemediationApplied
                    : outcome == "requested" ? ExportActivity.RemediationRequested
                    : ExportActivity.Other;
            case "quarantine.reject":
                return ExportActivity.RemediationRefused;
            case "quarantine.reject-lift":
                return ExportActivity.RestoreRefused;
            case "quarantine.lift-request" or "quarantine.lift-approve":
                return outcome == "lifted" ? ExportActivity.Restored : ExportActivity.RestoreRequested;
            case "quarantine.drop":
                return ExportActivity.Restored;
        }

        if (entry.Action.StartsWith("response.", StringComparison.Ordinal))
        {
            return ResponseActivity(entry.Action, outcome);
        }

        return ExportActivity.Other;
    }

    /// <summary>
    /// True when <paramref name="entry"/> records a refusal or failure: a refused RPC (the action is its method and
    /// the outcome its status name) or an outcome that says so.
    /// </summary>
    public static bool IsFailure(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Action.StartsWith('/')
            || entry.Outcome is "rejected" or "refused" or "failed" or "denied" or "error" or "locked-out"
            || entry.Outcome.EndsWith("-failed", StringComparison.Ordinal);
    }

    /// <summary>The severity an audit record is exported with (see the documentation's table).</summary>
    public static Severity SeverityOf(AuditEntry entry, ExportKind kind, ExportActivity activity, string? step)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return kind switch
        {
            ExportKind.Authentication => entry.Action == "mfa.lockout" ? Severity.Medium
                : entry.Action == AssertMfaMethod ? Severity.Low : Severity.Unspecified,
            ExportKind.UserManagement => activity switch
            {
                ExportActivity.IdentityLocked => Severity.Medium,
                ExportActivity.MfaEnrolled or ExportActivity.GrantExpired => Severity.Unspecified,
                _ => Severity.Low,
            },
            ExportKind.Remediation => activity switch
            {
                ExportActivity.RemediationApplied => step == "isolate" ? Severity.High : Severity.Medium,
                ExportActivity.RemediationRequested => Severity.Medium,
                _ => Severity.Low,
            },
            _ => entry.Action == "decision.break-glass" ? Severity.High
                : IsFailure(entry) ? Severity.Low : Severity.Unspecified,
        };
    }

    /// <summary>The body of an audit record exported as user management, remediation or audit.</summary>
    public static AuditBody BodyOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = record.Entry;
        var activity = ActivityOf(entry);
        using var detail = ParseDetail(entry.Detail);
        var root = detail?.RootElement;
        IdentityId? identity = Id<IdentityId>(Text(root, "identity"));
        AssetId? asset = Id<AssetId>(Text(root, "asset"));
        if (entry.Action.StartsWith("identity.", StringComparison.Ordinal) || entry.Action.StartsWith("mfa.", StringComparison.Ordinal))
        {
            identity ??= Id<IdentityId>(entry.Target);
        }

        var step = StepOf(entry, root);
        var operations = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("operations", out var ops) && ops.ValueKind == JsonValueKind.Array
            ? ops.EnumerateArray().Where(o => o.ValueKind == JsonValueKind.String).Select(o => o.GetString()!).ToList()
            : [];
        return new AuditBody(record.Sequence, entry.Actor, entry.Action, entry.Target, entry.Outcome, activity)
        {
            Detail = detail is null ? JsonSerializer.Serialize(new { text = entry.Detail }) : entry.Detail,
            Identity = identity,
            Asset = asset,
            Step = step,
            Operations = operations,
            Failed = IsFailure(entry) || activity is ExportActivity.RemediationRefused or ExportActivity.RestoreRefused,
            Hash = Convert.ToHexStringLower(record.Hash),
        };
    }

    /// <summary>The body of an audit record exported as an authentication.</summary>
    public static AuthenticationBody AuthenticationOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var entry = record.Entry;
        using var detail = ParseDetail(entry.Detail);
        var root = detail?.RootElement;
        var lockout = entry.Action == "mfa.lockout";
        var refused = entry.Action == AssertMfaMethod;
        var method = Text(root, lockout ? "factor" : "method") ?? (lockout || refused ? "totp" : "unknown");
        // A refused code is audited against the caller ("subject (role)"): the asserting PEP, or the person.
        var user = refused ? Subject(entry.Actor) : entry.Target;
        return new AuthenticationBody(user, method.ToLowerInvariant(), !lockout && !refused)
        {
            Identity = Id<IdentityId>(user),
            Lockout = lockout,
            LockedUntil = Time(root, "until"),
            Failures = Number(root, "failures"),
            Reason = lockout ? Text(root, "failure") ?? "lockout" : refused ? Text(root, "message") ?? entry.Outcome : null,
            Reporter = entry.Actor,
            AuditSequence = record.Sequence,
        };
    }

    /// <summary>The subject of an actor written as <c>subject (role)</c>.</summary>
    private static string Subject(string actor)
    {
        var open = actor.IndexOf(" (", StringComparison.Ordinal);
        return open > 0 ? actor[..open] : actor;
    }

    private static ExportActivity ResponseActivity(string action, string outcome)
    {
        static bool Has(string text, string word) => text.Contains(word, StringComparison.Ordinal);
        var text = action + " " + outcome;
        if (Has(text, "revert") || Has(text, "restor"))
        {
            return ExportActivity.Restored;
        }

        if (Has(text, "refus") || Has(text, "fail") || Has(text, "reject") || Has(text, "skip") || Has(text, "block"))
        {
            return ExportActivity.RemediationRefused;
        }

        if (Has(text, "propos") || Has(text, "recommend") || Has(text, "request"))
        {
            return ExportActivity.RemediationRequested;
        }

        return ExportActivity.RemediationApplied;
    }

    private static string? StepOf(AuditEntry entry, JsonElement? root)
    {
        if (entry.Action.StartsWith("quarantine.", StringComparison.Ordinal))
        {
            return Text(root, "mode");
        }

        if (!entry.Action.StartsWith("response.", StringComparison.Ordinal))
        {
            return null;
        }

        var named = Text(root, "step") ?? Text(root, "kind");
        if (named is not null)
        {
            return named;
        }

        return StepNames.FirstOrDefault(s => entry.Action.Contains(s, StringComparison.Ordinal));
    }

    private static JsonDocument? ParseDetail(string detail)
    {
        try
        {
            return JsonDocument.Parse(detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static int? Number(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)
            ? n
            : null;

    private static DateTimeOffset? Time(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.TryGetDateTimeOffset(out var t)
            ? t
            : null;

    private static TId? Id<TId>(string? text)
        where TId : struct, IEntityId<TId> =>
        TId.TryParse(text, out var id) ? id : null;
}
