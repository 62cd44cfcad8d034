using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Writes a <see cref="FleetDocument"/> as the YAML fleet document that <see cref="FleetDocumentReader"/> reads back
/// to an equal model. Output is deterministic: entities sorted by id (ordinal), keys in the documented order, optional
/// fields and empty optional lists left out, value lists in model order. A role's permissions keep their order (it
/// names their rules); the <c>policy:</c>, <c>roles:</c> and <c>maintenanceWindows:</c> sections are written when
/// the model has them (not null), so a document without them reads back without them.
/// </summary>
public static partial class FleetDocumentWriter
{
    /// <summary>The document as YAML text.</summary>
    public static string ToYaml(FleetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var yaml = new YamlEmitter(new Emitter(text, bestIndent: 2, bestWidth: int.MaxValue));
        yaml.Begin();
        yaml.Text("apiVersion", FleetDocumentReader.ApiVersion);
        yaml.Key("fleet");
        yaml.StartMapping();
        yaml.Text("name", document.Name ?? string.Empty);
        yaml.EndMapping();
        if (document.Policy is { } policy)
        {
            yaml.Key("policy");
            yaml.StartMapping();
            yaml.Number("decisionTtlSeconds", policy.DecisionTtlSeconds);
            yaml.Number("shiftGraceMinutes", policy.ShiftGraceMinutes);
            yaml.Number("grantMfaMaxAgeMinutes", policy.GrantMfaMaxAgeMinutes);
            yaml.Number("maxGrantHours", policy.MaxGrantHours);
            yaml.Number("safetyApprovers", policy.SafetyApprovers);
            if (policy.RequireChangeReason)
            {
                // Written only when on: documents of fleets that never used it read and hash as before.
                yaml.Plain("requireChangeReason", "true");
            }

            yaml.EndMapping();
        }

        if (document.Trust is { } trust)
        {
            WriteTrust(yaml, trust);
        }

        if (document.Response is { } response)
        {
            WriteResponse(yaml, response);
        }

        if (document.Compliance is { } compliance)
        {
            WriteCompliance(yaml, compliance);
        }

        if (document.Roles is { } roles)
        {
            yaml.List("roles", Sorted(roles, r => r.Id), role => WriteRole(yaml, role), always: true);
        }

        yaml.List("plants", Sorted(document.Plants, p => p.Id.Value), plant => WritePlant(yaml, plant), always: true);
        yaml.List("identities", Sorted(document.Identities, i => i.Id.Value), identity => WriteIdentity(yaml, identity), always: true);
        yaml.End();
        return text.ToString();
    }

    /// <summary>
    /// The head part of the document (docs/fleet-versions.md, "Parts"): everything <see cref="ToYaml"/> writes before
    /// the first plant, ending with the <c>plants:</c> line (<c>plants: []</c> when the fleet has no plants).
    /// </summary>
    public static string HeadPart(FleetDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        const string emptyTail = "plants: []\nidentities: []\n";
        var text = ToYaml(document with { Plants = [], Identities = [] });
        if (!text.EndsWith(emptyTail, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The fleet document no longer ends with its plants and identities: the part split rule must change with it.");
        }

        return string.Concat(text.AsSpan(0, text.Length - emptyTail.Length), document.Plants.Count == 0 ? "plants: []\n" : "plants:\n");
    }

    /// <summary>One plant's part: its item of the <c>plants:</c> list exactly as <see cref="ToYaml"/> writes it.</summary>
    public static string PlantPart(PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        return WithoutKeyLine(Fragment(yaml => yaml.List("plants", [plant], p => WritePlant(yaml, p), always: true)), "plants:\n");
    }

    /// <summary>
    /// Consecutive items of the <c>identities:</c> list exactly as <see cref="ToYaml"/> writes them, sorted here by
    /// id; with <paramref name="opensSection"/> the <c>identities:</c> line comes first (<c>identities: []</c> for
    /// no identities), otherwise <paramref name="identities"/> must not be empty.
    /// </summary>
    public static string IdentityItems(IEnumerable<IdentitySpec> identities, bool opensSection)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var list = Sorted(identities.ToList(), i => i.Id.Value).ToList();
        if (!opensSection && list.Count == 0)
        {
            throw new ArgumentException("Items that do not open the section need at least one identity.", nameof(identities));
        }

        var text = Fragment(yaml => yaml.List("identities", list, identity => WriteIdentity(yaml, identity), always: true));
        return opensSection ? text : WithoutKeyLine(text, "identities:\n");
    }

    private static string Fragment(Action<YamlEmitter> write)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var yaml = new YamlEmitter(new Emitter(text, bestIndent: 2, bestWidth: int.MaxValue));
        yaml.Begin();
        write(yaml);
        yaml.End();
        return text.ToString();
    }

    private static string WithoutKeyLine(string text, string keyLine) =>
        text.StartsWith(keyLine, StringComparison.Ordinal)
            ? text[keyLine.Length..]
            : throw new InvalidOperationException($"A list fragment did not start with '{keyLine.TrimEnd()}'.");

    private static void WriteRole(YamlEmitter yaml, RoleSpec role)
    {
        yaml.Text("id", role.Id);
        yaml.Text("description", role.Description);
        yaml.List("permissions", role.Permissions ?? [], permission =>
        {
            yaml.Values("operations", (permission.Operations ?? []).Select(Name), always: true);
            yaml.Values("zones", (permission.Zones ?? []).Select(z => z.Value));
            yaml.Values("zoneKinds", (permission.ZoneKinds ?? []).Select(Name));
            yaml.Values("assetTypes", (permission.AssetTypes ?? []).Select(Name));
            yaml.Values("assets", (permission.Assets ?? []).Select(a => a.Value));
            var conditions = permission.Conditions ?? PermissionConditions.None;
            if (!conditions.IsNone)
            {
                yaml.Key("conditions");
                yaml.StartMapping();
                if (conditions.OnShift)
                {
                    yaml.Plain("onShift", "true");
                }

                if (conditions.MfaMaxAgeMinutes is { } age)
                {
                    yaml.Number("mfaMaxAgeMinutes", age);
                }

                if (conditions.MaintenanceWindow)
                {
                    yaml.Plain("maintenanceWindow", "true");
                }

                if (conditions.MinTrust is { } trust)
                {
                    yaml.Number("minTrust", trust);
                }

                yaml.EndMapping();
            }
        }, always: true);
    }

    private static void WritePlant(YamlEmitter yaml, PlantSpec plant)
    {
        yaml.Text("id", plant.Id.Value);
        yaml.Text("name", plant.Name);
        yaml.Text("timeZone", plant.TimeZone);
        yaml.List("shifts", Sorted(plant.Shifts, s => s.Id), shift =>
        {
            yaml.Text("id", shift.Id);
            yaml.Text("name", shift.Name);
            yaml.Text("start", shift.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
            yaml.Text("end", shift.End.ToString("HH:mm", CultureInfo.InvariantCulture));
            yaml.Values("days", (shift.Days ?? []).Select(Name), always: true);
        });
        if (plant.MaintenanceWindows is { } windows)
        {
            yaml.List("maintenanceWindows", Sorted(windows, w => w.Id), window =>
            {
                yaml.Text("id", window.Id);
                yaml.Text("name", window.Name);
                yaml.Text("start", window.Start.ToString("HH:mm", CultureInfo.InvariantCulture));
                yaml.Text("end", window.End.ToString("HH:mm", CultureInfo.InvariantCulture));
                yaml.Values("days", (window.Days ?? []).Select(Name), always: true);
            }, always: true);
        }

        if (plant.Monitoring is { } monitoring)
        {
            yaml.Key("monitoring");
            yaml.StartMapping();
            yaml.Number("learningDays", monitoring.LearningDays);
            yaml.Number("windowSeconds", monitoring.Detectors.WindowSeconds);
            yaml.Number("deniedFlowBurst", monitoring.Detectors.DeniedFlowBurst);
            yaml.Number("scanDestinations", monitoring.Detectors.ScanDestinations);
            yaml.Number("scanPorts", monitoring.Detectors.ScanPorts);
            yaml.Number("mfaFailureBurst", monitoring.Detectors.MfaFailureBurst);
            yaml.Number("mfaFailureWindowSeconds", monitoring.Detectors.MfaFailureWindowSeconds);
            yaml.Number("maxTracked", monitoring.Detectors.MaxTracked);
            yaml.EndMapping();
        }

        yaml.List("zones", Sorted(plant.Zones, z => z.Id.Value), zone =>
        {
            yaml.Text("id", zone.Id.Value);
            yaml.Text("name", zone.Name);
            yaml.Text("kind", Name(zone.Kind));
            yaml.Text("purdueLevel", Name(zone.PurdueLevel), quoted: true);
            yaml.Number("securityLevelTarget", zone.SecurityLevelTarget);
            yaml.Text("description", zone.Description);
            if (zone.FailMode != ZoneFailMode.Closed)
            {
                yaml.Text("failMode", Name(zone.FailMode));
            }

            if (zone.FailStaticMinutes is { } bound)
            {
                yaml.Number("failStaticMinutes", bound);
            }
        });
        yaml.List("assets", Sorted(plant.Assets, a => a.Id.Value), asset =>
        {
            yaml.Text("id", asset.Id.Value);
            yaml.Text("name", asset.Name);
            yaml.Text("zone", asset.Zone.Value);
            yaml.Text("type", Name(asset.Type));
            yaml.Text("vendor", asset.Vendor);
            yaml.Text("model", asset.Model);
            yaml.Text("firmware", asset.Firmware);
            yaml.Text("serial", asset.Serial);
            yaml.Text("ip", asset.Ip);
            yaml.Text("mac", asset.Mac);
            yaml.Number("criticality", asset.Criticality);
            yaml.Plain("safetyRelated", asset.SafetyRelated ? "true" : "false");
            yaml.Text("owner", asset.Owner);
            yaml.Values("vulnerabilities", asset.Vulnerabilities);
            yaml.Text("usedBy", asset.UsedBy?.Value);
            if (asset.NeverAuto)
            {
                yaml.Plain("neverAuto", "true");
            }
        });
        yaml.List("conduits", Sorted(plant.Conduits, c => c.Id.Value), conduit =>
        {
            yaml.Text("id", conduit.Id.Value);
            yaml.Text("from", conduit.From.Value);
            yaml.Text("to", conduit.To.Value);
            yaml.Text("protocol", Name(conduit.Protocol));
            yaml.Number("port", conduit.Port);
            yaml.Values("operations", conduit.Operations);
            yaml.Text("direction", Name(conduit.Direction));
            yaml.Values("fromAssetTypes", (conduit.FromAssetTypes ?? []).Select(Name));
            yaml.Values("fromAssets", (conduit.FromAssets ?? []).Select(a => a.Value));
            yaml.Values("toAssetTypes", (conduit.ToAssetTypes ?? []).Select(Name));
            yaml.Values("toAssets", (conduit.ToAssets ?? []).Select(a => a.Value));
            yaml.Text("description", conduit.Description);
            if (conduit.Conditions is { IsNone: false } conditions)
            {
                yaml.Key("conditions");
                yaml.StartMapping();
                if (conditions.MaintenanceWindow)
                {
                    yaml.Plain("maintenanceWindow", "true");
                }

                yaml.Values("roles", conditions.Roles ?? []);
                if (conditions.ActiveGrant)
                {
                    yaml.Plain("activeGrant", "true");
                }

                yaml.EndMapping();
            }
        });
        yaml.List("flows", Sorted(plant.Flows, f => f.Id.Value), flow =>
        {
            yaml.Text("id", flow.Id.Value);
            yaml.Text("from", flow.From.Value);
            yaml.Text("to", flow.To.Value);
            yaml.Text("protocol", Name(flow.Protocol));
            yaml.Number("port", flow.Port);
            yaml.Text("purpose", flow.Purpose);
            yaml.Values("operations", flow.Operations ?? []);
        });
    }

    private static void WriteIdentity(YamlEmitter yaml, IdentitySpec identity)
    {
        yaml.Text("id", identity.Id.Value);
        yaml.Text("name", identity.Name);
        yaml.Text("kind", Name(identity.Kind));
        yaml.Text("email", identity.Email);
        yaml.Text("organization", identity.Organization);
        yaml.List("assignments", Sorted(identity.Assignments, a => a.Plant.Value), assignment =>
        {
            yaml.Text("plant", assignment.Plant.Value);
            yaml.Values("roles", assignment.Roles, always: true);
            yaml.Text("shift", assignment.Shift);
        });
        if (identity.NeverAuto)
        {
            yaml.Plain("neverAuto", "true");
        }
    }

    /// <summary>
    /// The <c>compliance:</c> section: attestations sorted by requirement, plant, zone and time; times as UTC ISO 8601.
    /// </summary>
    private static void WriteCompliance(YamlEmitter yaml, Compliance.ComplianceSettings compliance)
    {
        yaml.Key("compliance");
        yaml.StartMapping();
        var sorted = (compliance.Attestations ?? [])
            .OrderBy(a => a.Requirement, StringComparer.Ordinal)
            .ThenBy(a => a.Plant?.Value ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(a => a.Zone?.Value ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(a => a.At)
            .ThenBy(a => a.By, StringComparer.Ordinal);
        yaml.List("attestations", sorted, attestation =>
        {
            yaml.Text("requirement", attestation.Requirement);
            yaml.Text("plant", attestation.Plant?.Value);
            yaml.Text("zone", attestation.Zone?.Value);
            yaml.Text("by", attestation.By);
            yaml.Text("at", Utc(attestation.At), quoted: true);
            yaml.Text("evidence", attestation.Evidence);
            yaml.Text("expires", attestation.Expires is { } expires ? Utc(expires) : null, quoted: true);
        }, always: true);
        yaml.EndMapping();
    }

    private static string Utc(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The <c>response:</c> section: both settings, the playbooks sorted by id, each trigger list in model order, the
    /// steps in document order; a step's mode only when it is <c>auto</c> (recommend is the default).
    /// </summary>
    private static void WriteResponse(YamlEmitter yaml, ResponseSettings response)
    {
        yaml.Key("response");
        yaml.StartMapping();
        yaml.Plain("correlationWindowMinutes", WholeMinutes(response.CorrelationWindow));
        yaml.Number("autoActionsPerHour", response.AutoActionsPerHour);
        yaml.List("playbooks", Sorted(response.Playbooks, p => p.Id), playbook =>
        {
            yaml.Text("id", playbook.Id);
            yaml.Text("description", playbook.Description);
            var trigger = playbook.Trigger ?? new PlaybookTrigger([], Monitoring.Severity.Unspecified);
            yaml.Key("trigger");
            yaml.StartMapping();
            yaml.Values("detections", (trigger.DetectionTypes ?? []).Select(Name));
            yaml.Text("minSeverity", Name(trigger.MinSeverity));
            yaml.Values("incident", (trigger.IncidentRules ?? []).Select(Name));
            yaml.Values("plants", trigger.Plants ?? []);
            yaml.Values("zoneKinds", (trigger.ZoneKinds ?? []).Select(Name));
            yaml.Values("assetTypes", (trigger.AssetTypes ?? []).Select(Name));
            yaml.EndMapping();
            yaml.List("steps", playbook.Steps ?? [], step =>
            {
                yaml.Text("kind", Name(step.Kind));
                yaml.Number("impact", step.Impact);
                if (step.Mode == PlaybookMode.Auto)
                {
                    yaml.Text("mode", Name(step.Mode));
                }

                if (step.RevertAfter is { } revert)
                {
                    yaml.Plain("revertAfterMinutes", WholeMinutes(revert));
                }

                yaml.Text("url", step.Url?.OriginalString);
                if (step.AccessFrom is { } accessFrom)
                {
                    yaml.Values("accessFrom", accessFrom, always: true);
                }

                yaml.Text("description", step.Description);
            }, always: true);
        }, always: true);
        yaml.EndMapping();
    }

    private static string WholeMinutes(TimeSpan value) =>
        ((long)Math.Floor(value.TotalMinutes)).ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<T> Sorted<T>(IReadOnlyList<T>? items, Func<T, string?> id) =>
        (items ?? []).OrderBy(i => id(i) ?? string.Empty, StringComparer.Ordinal);

    // An Unspecified value has no spelling; writing nothing lets the reader report it as missing.
    private static string? Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => InventoryVocabulary.TryName(value, out var name) ? name : null;

    /// <summary>
    /// Plain scalars that a YAML 1.1 or 1.2 reader would take for something other than text (null, booleans,
    /// numbers, times); these are quoted so that other tools read the same document as ZtFleet does.
    /// </summary>
    [GeneratedRegex(
        @"^(~|null|true|false|yes|no|on|off|y|n|[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?|[-+]?\.(inf|nan)|0x[0-9a-f]+|0o[0-7]+|\d+(:\d+)+(\.\d*)?)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AmbiguousPlain();

    /// <summary>A thin wrapper over YamlDotNet's emitter that writes the shapes the fleet document uses.</summary>
    /// <summary>The <c>trust:</c> section, every key written (a document reads back as it was exported).</summary>
    private static void WriteTrust(YamlEmitter yaml, TrustSettings trust)
    {
        yaml.Key("trust");
        yaml.StartMapping();
        yaml.Key("factors");
        yaml.StartMapping();
        foreach (var kind in FleetDocumentTrustSection.Kinds)
        {
            var factor = trust.For(kind);
            yaml.Key(TrustVocabulary.Name(kind));
            yaml.StartMapping();
            yaml.Number("weight", factor.Weight);
            yaml.Number("cap", factor.Cap);
            yaml.Number("halfLifeMinutes", factor.HalfLifeMinutes);
            yaml.EndMapping();
        }

        yaml.EndMapping();
        yaml.Key("severity");
        yaml.StartMapping();
        yaml.Number("low", trust.Severity.Low);
        yaml.Number("medium", trust.Severity.Medium);
        yaml.Number("high", trust.Severity.High);
        yaml.Number("critical", trust.Severity.Critical);
        yaml.EndMapping();
        yaml.Plain("unratedVulnerability", TrustVocabulary.Name(trust.UnratedVulnerability));
        yaml.Key("tiers");
        yaml.StartMapping();
        yaml.Number("trustedAt", trust.TrustedAt);
        yaml.Number("reducedAt", trust.ReducedAt);
        yaml.Number("restrictedAt", trust.RestrictedAt);
        yaml.EndMapping();
        yaml.Key("hysteresis");
        yaml.StartMapping();
        yaml.Number("margin", trust.HysteresisMargin);
        yaml.Number("degradeAfterMinutes", trust.DegradeAfterMinutes);
        yaml.Number("recoverAfterMinutes", trust.RecoverAfterMinutes);
        yaml.EndMapping();
        yaml.EndMapping();
    }

    private sealed class YamlEmitter(IEmitter emitter)
    {
        public void Begin()
        {
            emitter.Emit(new StreamStart());
            emitter.Emit(new DocumentStart(null, null, isImplicit: true));
            StartMapping();
        }

        public void End()
        {
            EndMapping();
            emitter.Emit(new DocumentEnd(isImplicit: true));
            emitter.Emit(new StreamEnd());
        }

        public void StartMapping() => emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));

        public void EndMapping() => emitter.Emit(new MappingEnd());

        public void Key(string key) => Scalar(key, ScalarStyle.Plain);

        public void Text(string key, string? value, bool quoted = false)
        {
            if (value is null)
            {
                return;
            }

            Key(key);
            Scalar(value, quoted || AmbiguousPlain().IsMatch(value) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any);
        }

        public void Number(string key, int value) => Plain(key, value.ToString(CultureInfo.InvariantCulture));

        public void Plain(string key, string value)
        {
            Key(key);
            Scalar(value, ScalarStyle.Plain);
        }

        public void Values(string key, IEnumerable<string?>? values, bool always = false)
        {
            var list = (values ?? []).Where(v => v is not null).ToList();
            if (list.Count == 0 && !always)
            {
                return;
            }

            Key(key);
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Flow));
            foreach (var value in list)
            {
                Scalar(value!, AmbiguousPlain().IsMatch(value!) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any);
            }

            emitter.Emit(new SequenceEnd());
        }

        public void List<T>(string key, IEnumerable<T> items, Action<T> write, bool always = false)
        {
            var list = items.ToList();
            if (list.Count == 0 && !always)
            {
                return;
            }

            Key(key);
            emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
            foreach (var item in list)
            {
                StartMapping();
                write(item);
                EndMapping();
            }

            emitter.Emit(new SequenceEnd());
        }

        private void Scalar(string value, ScalarStyle style) =>
            emitter.Emit(new Scalar(null, null, value, style, isPlainImplicit: true, isQuotedImplicit: true));
    }
}
