using System.Globalization;
using System.Runtime.CompilerServices;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// The plant-wide detectors of one plant: uninventoried hosts, denied-flow bursts, scanning, MFA failure bursts,
/// lockouts and off-shift access. Fed the plant-level events of each batch in order; returns at most one finding per
/// key per batch (the store adds findings of a key to the detection in force).
/// </summary>
/// <remarks>
/// Windows use the events' own times, so the result does not depend on when a batch arrives. Each detector remembers
/// at most <see cref="PlantDetectorSettings.MaxTracked"/> sources (or identities, or addresses), each with at most its
/// threshold of events: the memory of a plant is bounded whatever its traffic. What is remembered is not persisted: a
/// plant whose grain is reactivated starts its windows empty (a burst split by a restart is seen only if it goes on).
/// Not thread-safe: one grain owns one instance.
/// </remarks>
public sealed class PlantDetectors
{
    /// <summary>
    /// The reason of an <see cref="AuthenticationEvent"/> that reports a lockout (<c>lockout</c>, or <c>lockout:</c>
    /// followed by detail such as the factor: <c>lockout:totp</c>).
    /// </summary>
    public const string LockoutReason = "lockout";

    private readonly PlantId _plant;
    private readonly PlantDetectorSettings _settings;
    private readonly RecentlySeen<BurstWindow> _denied;
    private readonly RecentlySeen<ScanWindow> _scans;
    private readonly RecentlySeen<BurstWindow> _failures;
    private readonly RecentlySeen<StrongBox<DateTimeOffset>> _hosts;

    /// <summary>Detectors for <paramref name="plant"/> with <paramref name="settings"/>.</summary>
    public PlantDetectors(PlantId plant, PlantDetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _plant = plant;
        _settings = settings;
        _denied = new(settings.MaxTracked);
        _scans = new(settings.MaxTracked);
        _failures = new(settings.MaxTracked);
        _hosts = new(settings.MaxTracked);
    }

    /// <summary>The settings in use.</summary>
    public PlantDetectorSettings Settings => _settings;

    /// <summary>How many sources, identities and addresses the detectors remember now (at most four times the bound).</summary>
    public int Tracked => _denied.Count + _scans.Count + _failures.Count + _hosts.Count;

    /// <summary>True when <paramref name="reason"/> reports a lockout (see <see cref="LockoutReason"/>).</summary>
    public static bool IsLockout(string? reason) =>
        reason is not null && (reason.Equals(LockoutReason, StringComparison.OrdinalIgnoreCase)
            || reason.StartsWith(LockoutReason + ":", StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs every detector over <paramref name="events"/> (in the sender's order) and returns what they found.</summary>
    public IReadOnlyList<Finding> Observe(IEnumerable<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var found = new Dictionary<string, Draft>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (e.Plant != _plant)
            {
                continue;
            }

            UninventoriedHosts(e, found);
            switch (e)
            {
                case FlowEvent flow:
                    DeniedFlows(flow, found);
                    Scanning(flow, found);
                    break;
                case AuthenticationEvent authentication:
                    Authentication(authentication, found);
                    break;
                case AccessDecisionEvent decision when decision.Reason == DecisionReasons.OutsideShift:
                    OffShift(decision, found);
                    break;
            }
        }

        return [.. found.Values.Select(d => d.Build(_plant))];
    }

    private void UninventoriedHosts(TelemetryEvent e, Dictionary<string, Draft> found)
    {
        foreach (var (host, other, role, rogue) in Hosts(e))
        {
            var key = $"uninventoried-host:{host.Ip}";
            if (found.TryGetValue(key, out var draft))
            {
                draft.Add(e);
                draft.Escalate(rogue ? Severity.High : Severity.Medium, rogue ? PlantTechniques.RogueMaster : null);
                continue;
            }

            // An address is reported once per window while it keeps talking: its detection is in force and the
            // store would only count again what it already shows.
            var last = _hosts.Touch(host.Ip, () => new StrongBox<DateTimeOffset>(DateTimeOffset.MinValue));
            if (last.Value != DateTimeOffset.MinValue && e.At - last.Value < _settings.Window && e.At >= last.Value)
            {
                continue;
            }

            last.Value = e.At;
            found[key] = new Draft(
                DetectionType.UninventoriedHost,
                rogue ? Severity.High : Severity.Medium,
                key,
                $"Host {host.Ip}, which no asset of the plant has, {role}.",
                e)
            {
                Zone = other?.Zone,
                Source = host,
                Technique = rogue ? PlantTechniques.RogueMaster : null,
            };
        }
    }

    private void DeniedFlows(FlowEvent flow, Dictionary<string, Draft> found)
    {
        if (flow.Action != FlowAction.Dropped)
        {
            return;
        }

        var source = flow.Source.ToString();
        var key = $"denied-flow-burst:{source}";
        if (found.TryGetValue(key, out var draft))
        {
            draft.Add(flow);
            return;
        }

        if (_denied.Touch(source, () => new BurstWindow()).Add(flow.At, flow.Id, _settings.DeniedFlowBurst, _settings.Window) is { } ids)
        {
            found[key] = new Draft(
                DetectionType.DeniedFlowBurst,
                Severity.Medium,
                key,
                $"{Describe(flow.Source)} had {ids.Count} connections dropped within {_settings.WindowSeconds} s (the latest to {Describe(flow.Destination)}{Port(flow.Destination)}/{flow.Transport}{(flow.Rule is null ? string.Empty : " by " + flow.Rule)}).",
                flow,
                ids)
            {
                Asset = flow.Source.Asset,
                Zone = flow.Source.Zone,
                Source = flow.Source with { Port = null },
            };
        }
    }

    private void Scanning(FlowEvent flow, Dictionary<string, Draft> found)
    {
        var source = flow.Source.ToString();
        var key = $"scanning:{source}";
        if (found.TryGetValue(key, out var draft))
        {
            draft.Add(flow);
            return;
        }

        if (_scans.Touch(source, () => new ScanWindow()).Add(flow.At, flow.Destination.Ip, flow.Destination.Port, flow.Id, _settings) is { } scan)
        {
            found[key] = new Draft(
                DetectionType.Scanning,
                Severity.High,
                key,
                $"{Describe(flow.Source)} reached {scan.Count} distinct {(scan.What == "ports" ? "destination ports" : "destination addresses")} within {_settings.WindowSeconds} s (the latest {Describe(flow.Destination)}{Port(flow.Destination)}/{flow.Transport}).",
                flow,
                scan.Ids)
            {
                Asset = flow.Source.Asset,
                Zone = flow.Source.Zone,
                Source = flow.Source with { Port = null },
                Technique = PlantTechniques.RemoteSystemDiscovery,
            };
        }
    }

    private void Authentication(AuthenticationEvent attempt, Dictionary<string, Draft> found)
    {
        if (attempt.Success)
        {
            return;
        }

        var who = attempt.Identity?.Value ?? $"user:{attempt.User}";
        var name = attempt.Identity?.Value ?? $"user '{attempt.User}'";
        var from = attempt.Source is { } source ? $" from {Describe(source)}" : string.Empty;
        if (IsLockout(attempt.Reason))
        {
            var lockoutKey = $"lockout:{who}";
            if (found.TryGetValue(lockoutKey, out var lockout))
            {
                lockout.Add(attempt);
                return;
            }

            found[lockoutKey] = new Draft(
                DetectionType.Lockout,
                Severity.High,
                lockoutKey,
                $"{Capital(name)} was locked out of {attempt.Method} after repeated failures{from}.",
                attempt)
            {
                Identity = attempt.Identity,
                Source = attempt.Source,
                Technique = PlantTechniques.ValidAccounts,
            };
            return;
        }

        var key = $"mfa-failure-burst:{who}";
        if (found.TryGetValue(key, out var draft))
        {
            draft.Add(attempt);
            return;
        }

        if (_failures.Touch(who, () => new BurstWindow()).Add(attempt.At, attempt.Id, _settings.MfaFailureBurst, _settings.MfaFailureWindow) is { } ids)
        {
            found[key] = new Draft(
                DetectionType.MfaFailureBurst,
                Severity.Medium,
                key,
                $"{Capital(name)} failed to authenticate {ids.Count} times within {_settings.MfaFailureWindowSeconds} s (the latest by {attempt.Method}{from}{(attempt.Reason is null ? string.Empty : ": " + attempt.Reason)}).",
                attempt,
                ids)
            {
                Identity = attempt.Identity,
                Source = attempt.Source,
                Technique = PlantTechniques.ValidAccounts,
            };
        }
    }

    private static void OffShift(AccessDecisionEvent decision, Dictionary<string, Draft> found)
    {
        var key = $"off-shift-access:{decision.Identity}";
        var severity = decision.Allowed || decision.Emergency ? Severity.Medium : Severity.Low;
        if (found.TryGetValue(key, out var draft))
        {
            draft.Add(decision);
            draft.Escalate(severity, null);
            return;
        }

        var target = decision.Asset?.Value ?? decision.Zone?.Value ?? "the plant";
        found[key] = new Draft(
            DetectionType.OffShiftAccess,
            severity,
            key,
            $"{decision.Identity} asked for {decision.Operation.ToString().ToLowerInvariant()} on {target} outside their shift{(decision.Allowed ? " and was allowed" : " and was denied")}{(decision.Emergency ? " (declared emergency)" : string.Empty)}.",
            decision)
        {
            Zone = decision.Zone,
            Identity = decision.Identity,
            Source = decision.Source,
            Technique = PlantTechniques.ValidAccounts,
        };
    }

    /// <summary>The uninventoried hosts of an event: the host, the other end, what it did, and whether it sent OT operations.</summary>
    private static IEnumerable<(ObservedHost Host, ObservedHost? Other, string Role, bool Rogue)> Hosts(TelemetryEvent e)
    {
        switch (e)
        {
            case FlowEvent f:
                if (f.Source.Uninventoried)
                {
                    yield return (f.Source, f.Destination, $"connected to {Describe(f.Destination)}{Port(f.Destination)}/{f.Transport}{Dropped(f.Action)}", false);
                }

                if (f.Destination.Uninventoried && f.Destination.Ip != f.Source.Ip)
                {
                    yield return (f.Destination, f.Source, $"was reached by {Describe(f.Source)} on {f.Transport}{Port(f.Destination)}{Dropped(f.Action)}", false);
                }

                break;
            case OtTransactionEvent t:
                if (t.Source.Uninventoried)
                {
                    yield return (t.Source, t.Destination, $"sent {t.Protocol} {t.Operation} to {Describe(t.Destination)}{(t.Outcome == OtOutcome.Refused ? " (refused)" : string.Empty)}", true);
                }

                if (t.Destination.Uninventoried && t.Destination.Ip != t.Source.Ip)
                {
                    yield return (t.Destination, t.Source, $"answered {t.Protocol} {t.Operation} from {Describe(t.Source)}", false);
                }

                break;
            case AuthenticationEvent a:
                if (a.Source is { Uninventoried: true } from)
                {
                    yield return (from, a.Target, $"attempted to authenticate as '{a.User}'", false);
                }

                if (a.Target is { Uninventoried: true } to && to.Ip != a.Source?.Ip)
                {
                    yield return (to, a.Source, $"was authenticated to as '{a.User}'", false);
                }

                break;
            case AccessDecisionEvent d when d.Source is { Uninventoried: true } requester:
                yield return (requester, null, $"was the source of {d.Identity}'s request for {d.Operation.ToString().ToLowerInvariant()}", false);
                break;
            case AssetChangeEvent c when c.Asset is null && c.Ip is { Length: > 0 } ip:
                yield return (new ObservedHost(ip, null, null, c.Zone), null, $"reported a {c.Change.ToString().ToLowerInvariant()} change", false);
                break;
        }
    }

    private static string Describe(ObservedHost host) => host.Asset?.Value ?? host.Ip;

    private static string Port(ObservedHost host) => host.Port is { } port ? ":" + port.ToString(CultureInfo.InvariantCulture) : string.Empty;

    private static string Dropped(FlowAction action) => action == FlowAction.Dropped ? " (dropped)" : string.Empty;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A finding being put together from the events of one batch.</summary>
    private sealed class Draft(DetectionType type, Severity severity, string key, string summary, TelemetryEvent first, IReadOnlyList<string>? evidence = null)
    {
        private readonly List<string> _evidence = [.. evidence ?? [first.Id]];
        private DateTimeOffset _at = first.At;
        private Severity _severity = severity;

        public AssetId? Asset { get; init; }

        public ZoneId? Zone { get; init; }

        public IdentityId? Identity { get; init; }

        public ObservedHost? Source { get; init; }

        public AttackTechnique? Technique { get; set; }

        public void Add(TelemetryEvent e)
        {
            _evidence.Add(e.Id);
            _at = e.At > _at ? e.At : _at;
        }

        public void Escalate(Severity severity, AttackTechnique? technique)
        {
            if (DetectionRecording.Rank(severity) > DetectionRecording.Rank(_severity))
            {
                _severity = severity;
                Technique = technique ?? Technique;
            }
        }

        public Finding Build(PlantId plant) => new(type, _severity, plant, key, summary, _at, DetectionEvidence.Merge([], _evidence))
        {
            Asset = Asset,
            Zone = Zone,
            Identity = Identity,
            Source = Source,
            Technique = Technique,
        };
    }
}
