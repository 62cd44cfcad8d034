using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Reads the fleet document's <c>trust:</c> section into <see cref="TrustSettings"/> (every key optional; omitted ones
/// take the defaults). Ranges are checked by <see cref="TrustSettings.Problems"/> through the validator, so the
/// rules exist once; this only reports unknown keys and values that are not numbers or severities.
/// </summary>
internal static class FleetDocumentTrustSection
{
    /// <summary>The factor kinds in document order.</summary>
    public static readonly TrustFactorKind[] Kinds =
    [
        TrustFactorKind.Vulnerability, TrustFactorKind.Detection, TrustFactorKind.MfaFailure, TrustFactorKind.Lockout,
        TrustFactorKind.Quarantine, TrustFactorKind.StaleTelemetry, TrustFactorKind.OffShift,
    ];

    private static readonly string[] TrustKeys = ["factors", "severity", "unratedVulnerability", "tiers", "hysteresis"];
    private static readonly string[] FactorKeys = ["weight", "cap", "halfLifeMinutes"];
    private static readonly string[] SeverityKeys = ["low", "medium", "high", "critical"];
    private static readonly string[] TierKeys = ["trustedAt", "reducedAt", "restrictedAt"];
    private static readonly string[] HysteresisKeys = ["margin", "degradeAfterMinutes", "recoverAfterMinutes"];

    public static TrustSettings Read(DocumentMapping mapping, DocumentReadContext context)
    {
        var fields = new DocumentFields(mapping, "trust", 0, TrustKeys, context);
        var settings = TrustSettings.Default;
        if (fields.Mapping("factors") is { } factors)
        {
            var factorFields = new DocumentFields(factors, "trust.factors", 0, Kinds.Select(TrustVocabulary.Name).ToArray(), context);
            foreach (var kind in Kinds)
            {
                var name = TrustVocabulary.Name(kind);
                if (factorFields.Mapping(name) is not { } factor)
                {
                    continue;
                }

                var f = new DocumentFields(factor, $"trust.factors.{name}", 0, FactorKeys, context);
                var current = settings.For(kind);
                var read = new TrustFactorSettings(f.Int("weight") ?? current.Weight, f.Int("cap") ?? current.Cap, f.Int("halfLifeMinutes") ?? current.HalfLifeMinutes);
                settings = With(settings, kind, read);
            }
        }

        if (fields.Mapping("severity") is { } severity)
        {
            var s = new DocumentFields(severity, "trust.severity", 0, SeverityKeys, context);
            var d = settings.Severity;
            settings = settings with
            {
                Severity = new TrustSeverityScale(s.Int("low") ?? d.Low, s.Int("medium") ?? d.Medium, s.Int("high") ?? d.High, s.Int("critical") ?? d.Critical),
            };
        }

        if (fields.Text("unratedVulnerability") is { } unrated)
        {
            var parsed = unrated switch
            {
                "low" => Severity.Low,
                "medium" => Severity.Medium,
                "high" => Severity.High,
                "critical" => Severity.Critical,
                _ => Severity.Unspecified,
            };
            if (parsed == Severity.Unspecified)
            {
                context.Report("trust.unratedVulnerability", 0, fields.LineOf("unratedVulnerability"), $"{Echo.Of(unrated)} is not a valid unratedVulnerability: one of low, medium, high, critical");
                parsed = settings.UnratedVulnerability;
            }

            settings = settings with { UnratedVulnerability = parsed };
        }

        if (fields.Mapping("tiers") is { } tiers)
        {
            var t = new DocumentFields(tiers, "trust.tiers", 0, TierKeys, context);
            settings = settings with
            {
                TrustedAt = t.Int("trustedAt") ?? settings.TrustedAt,
                ReducedAt = t.Int("reducedAt") ?? settings.ReducedAt,
                RestrictedAt = t.Int("restrictedAt") ?? settings.RestrictedAt,
            };
        }

        if (fields.Mapping("hysteresis") is { } hysteresis)
        {
            var h = new DocumentFields(hysteresis, "trust.hysteresis", 0, HysteresisKeys, context);
            settings = settings with
            {
                HysteresisMargin = h.Int("margin") ?? settings.HysteresisMargin,
                DegradeAfterMinutes = h.Int("degradeAfterMinutes") ?? settings.DegradeAfterMinutes,
                RecoverAfterMinutes = h.Int("recoverAfterMinutes") ?? settings.RecoverAfterMinutes,
            };
        }

        return settings;
    }

    private static TrustSettings With(TrustSettings settings, TrustFactorKind kind, TrustFactorSettings factor) => kind switch
    {
        TrustFactorKind.Vulnerability => settings with { Vulnerability = factor },
        TrustFactorKind.Detection => settings with { Detection = factor },
        TrustFactorKind.MfaFailure => settings with { MfaFailure = factor },
        TrustFactorKind.Lockout => settings with { Lockout = factor },
        TrustFactorKind.Quarantine => settings with { Quarantine = factor },
        TrustFactorKind.StaleTelemetry => settings with { StaleTelemetry = factor },
        TrustFactorKind.OffShift => settings with { OffShift = factor },
        _ => settings,
    };
}
