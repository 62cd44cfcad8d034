using System.Globalization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// A baseline being changed: mutable copies of its entries, the detectors, and the findings of one call. Built from a
/// <see cref="Baseline"/>, turned back into one by <see cref="ToBaseline"/>.
/// </summary>
internal sealed class BaselineWork
{
    private readonly Baseline _baseline;
    private readonly BaselineSettings _settings;
    private readonly bool _learning;
    private readonly Dictionary<string, BaselineTalker> _talkers;
    private readonly Dictionary<string, BaselineOperation> _operations;
    private readonly Dictionary<string, BaselineProgrammer> _programmers;
    private readonly List<BaselineVersion> _versions;
    private readonly Dictionary<string, FindingDraft> _findings = new(StringComparer.Ordinal);
    private readonly List<FindingDraft> _order = [];
    private ZoneId? _zone;
    private DateTimeOffset? _heard;
    private bool _stale;
    private long _evictions;

    public BaselineWork(Baseline baseline, BaselineSettings settings, bool learning)
    {
        _baseline = baseline;
        _settings = settings;
        _learning = learning;
        _talkers = baseline.Talkers.ToDictionary(t => t.Key, StringComparer.Ordinal);
        _operations = baseline.Operations.ToDictionary(o => o.Key, StringComparer.Ordinal);
        _programmers = baseline.Programmers.ToDictionary(p => p.Key, StringComparer.Ordinal);
        _versions = [.. baseline.Versions];
        _zone = baseline.Zone;
        _heard = baseline.LastHeard;
        _stale = baseline.Stale;
        _evictions = baseline.Evictions;
    }

    private AssetId Asset => _baseline.Asset;

    public IReadOnlyList<Finding> Findings => [.. _order.Select(d => d.Build())];

    public Baseline ToBaseline() => _baseline with
    {
        Zone = _zone,
        Learning = _learning,
        LastHeard = _heard,
        Stale = _stale,
        Evictions = _evictions,
        Talkers = [.. _talkers.Values.OrderBy(t => t.Key, StringComparer.Ordinal)],
        Operations = [.. _operations.Values.OrderBy(o => o.Key, StringComparer.Ordinal)],
        Programmers = [.. _programmers.Values.OrderBy(p => p.Key, StringComparer.Ordinal)],
        Versions = [.. _versions],
    };

    public void Observe(TelemetryEvent e, IReadOnlyList<ShiftCalendar> windows)
    {
        switch (e)
        {
            case OtTransactionEvent t when t.Destination.Asset == Asset:
                ObserveTransaction(t, windows);
                break;
            case FlowEvent f when f.Destination.Asset == Asset && f.Action != FlowAction.Dropped:
                ObserveFlow(f);
                break;
            case AssetChangeEvent c when c.Asset == Asset:
                ObserveChange(c, windows);
                break;
        }
    }

    public void CheckSilence(DateTimeOffset now)
    {
        foreach (var operation in _operations.Values.ToList())
        {
            if (operation.Poll is not { Silent: false } link || !link.IsPersistent(_settings))
            {
                continue;
            }

            var silentAt = operation.LastSeen + _settings.SilenceAfter(link.Period);
            if (now <= silentAt)
            {
                continue;
            }

            _operations[operation.Key] = operation with { Poll = link with { Silent = true } };
            if (!_learning)
            {
                Report(
                    DetectionType.LinkSilent,
                    Severity.Medium,
                    $"link-silent:{operation.Source}>{Asset}:{UnitKey(operation.Unit)}:{operation.Operation}",
                    $"{operation.Source}'s {operation.Operation} polling of {Target(operation.Unit)}, every {Describe(link.Period)}, has been silent since {Describe(operation.LastSeen)}.",
                    silentAt,
                    null,
                    Host(operation.Source),
                    AttackForIcs.DenialOfView,
                    LinkLearnable(BaselineLearnableKind.Silence, operation));
            }
        }

        RecomputeStale(now);
    }

    public void Learn(BaselineLearnable learnable, DateTimeOffset now)
    {
        switch (learnable.Kind)
        {
            case BaselineLearnableKind.Talker:
                TouchTalker(learnable.Source, learnable.Protocol!, learnable.Port, now, count: false);
                if (learnable.Operation is not null)
                {
                    LearnOperation(learnable, now);
                }

                break;
            case BaselineLearnableKind.Operation:
            case BaselineLearnableKind.Range:
                LearnOperation(learnable, now);
                break;
            case BaselineLearnableKind.Period:
                var key = BaselineOperation.KeyOf(learnable.Source, learnable.Protocol!, learnable.Unit, learnable.Operation!);
                if (_operations.TryGetValue(key, out var polled) && polled.Poll is { RecentMs: > 0 } link)
                {
                    _operations[key] = polled with { Poll = link with { PeriodMs = link.RecentMs, RecentMs = 0, PeriodChanged = false, Deviating = 0 } };
                }

                break;
            case BaselineLearnableKind.Silence:
                var silentKey = BaselineOperation.KeyOf(learnable.Source, learnable.Protocol!, learnable.Unit, learnable.Operation!);
                if (_operations.TryGetValue(silentKey, out var silent))
                {
                    _operations[silentKey] = silent with { Poll = null };
                }

                RecomputeStale(now);
                break;
        }
    }

    private void LearnOperation(BaselineLearnable learnable, DateTimeOffset now)
    {
        var operation = learnable.Operation!;
        var protocol = learnable.Protocol ?? "-";
        TouchOperation(learnable.Source, protocol, learnable.Unit, operation, learnable.Range, now, count: false);
        if (OtOperationClasses.IsEngineering(OtOperationClasses.Of(protocol, operation)))
        {
            TouchProgrammer(learnable.Source, operation, now, count: false);
        }
    }

    private void ObserveTransaction(OtTransactionEvent t, IReadOnlyList<ShiftCalendar> windows)
    {
        var source = t.Source.ToString();
        var kind = OtOperationClasses.Of(t.Protocol, t.Operation, t.FunctionCode);
        var word = OtOperationClasses.Word(kind);
        var target = Target(t.Unit);
        if (t.Outcome == OtOutcome.Refused)
        {
            // Always, even while learning: a refused write is an attempt, not behaviour to learn. Someone tried to change
            // the process or the controller through a door that policy keeps shut: high, critical for program or mode.
            if (!OtOperationClasses.IsReadOnly(kind))
            {
                Report(
                    DetectionType.RefusedWrite,
                    OtOperationClasses.IsChange(kind) ? Severity.Critical : Severity.High,
                    $"refused-write:{source}>{Asset}:{t.Operation}",
                    $"A proxy refused {t.Operation} ({word}) from {source} to {target}{(t.Rule is { } rule ? $" ({rule})" : string.Empty)}.",
                    t.At,
                    t.Id,
                    t.Source,
                    OtOperationClasses.Technique(kind),
                    null);
            }

            return;
        }

        Heard(t);
        _zone = t.Destination.Zone ?? _zone;
        if (OtOperationClasses.IsChange(kind) && !Inside(windows, t.At))
        {
            // Always, like the asset change events: the rule is the window, not novelty.
            Report(
                DetectionType.ChangeOutsideMaintenance,
                kind == OtOperationClass.Program ? Severity.Critical : Severity.High,
                $"change-outside-maintenance:{Asset}:{t.Operation}:{source}",
                $"{source} sent {t.Operation} ({word}) to {target} at {Describe(t.At)}, {OutsideWindows(windows)}.",
                t.At,
                t.Id,
                t.Source,
                OtOperationClasses.Technique(kind),
                null);
        }

        var range = t.Address is { } address ? AddressRange.Of(address, t.Quantity) : (AddressRange?)null;
        var talkerKey = BaselineTalker.KeyOf(source, t.Protocol, t.Destination.Port);
        if (!_talkers.ContainsKey(talkerKey) && !_learning)
        {
            var port = t.Destination.Port is { } p ? $" port {p.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            Report(
                DetectionType.NewTalker,
                OtOperationClasses.IsReadOnly(kind) ? Severity.Medium : Severity.High,
                $"new-talker:{source}>{Asset}:{t.Destination.Port?.ToString(CultureInfo.InvariantCulture) ?? t.Protocol}",
                $"{source} sent {t.Operation} ({word}) to {Asset} over {t.Protocol}{port}, a talker its baseline does not have ({Count(_talkers.Count, "known talker")}).",
                t.At,
                t.Id,
                t.Source,
                AttackForIcs.RogueMaster,
                new BaselineLearnable(BaselineLearnableKind.Talker, source)
                {
                    Protocol = t.Protocol,
                    Port = t.Destination.Port,
                    Unit = t.Unit,
                    Operation = t.Operation,
                    Range = range,
                });
            return;
        }

        TouchTalker(source, t.Protocol, t.Destination.Port, t.At, count: true);
        var operationKey = BaselineOperation.KeyOf(source, t.Protocol, t.Unit, t.Operation);
        if (!_operations.TryGetValue(operationKey, out var known) && !_learning)
        {
            var usual = _operations.Values.Where(o => o.Source == source && o.Unit == t.Unit).Select(o => o.Operation).Order(StringComparer.Ordinal).ToList();
            Report(
                DetectionType.FunctionCodeOutsideBaseline,
                kind switch
                {
                    OtOperationClass.Program or OtOperationClass.Mode => Severity.Critical,
                    OtOperationClass.Read or OtOperationClass.Identify => Severity.Medium,
                    _ => Severity.High,
                },
                $"function-code-outside-baseline:{source}>{Asset}:{t.Unit?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{t.Operation}",
                $"{source} used {t.Operation} ({word}) on {target}, which its baseline has not seen from {source} ({(usual.Count == 0 ? "no operation there" : $"it uses {string.Join(", ", usual)}")}).",
                t.At,
                t.Id,
                t.Source,
                OtOperationClasses.Technique(kind),
                new BaselineLearnable(BaselineLearnableKind.Operation, source) { Protocol = t.Protocol, Unit = t.Unit, Operation = t.Operation, Range = range });
            return;
        }

        ObserveCycle(operationKey, t.At);
        if (known is not null && range is { } touched && known.Ranges.Count > 0 && !known.Ranges.Any(r => r.Contains(touched)) && !_learning)
        {
            var wrote = OtOperationClasses.IsReadOnly(kind) ? "read" : "wrote";
            Report(
                DetectionType.AddressRangeOutsideBaseline,
                OtOperationClasses.IsReadOnly(kind) ? Severity.Low : Severity.High,
                $"address-range-outside-baseline:{source}>{Asset}:{t.Unit?.ToString(CultureInfo.InvariantCulture) ?? "-"}:{t.Operation}",
                $"{source} {wrote} addresses {touched} with {t.Operation} on {target}, outside its baseline for {t.Operation} ({string.Join(", ", known.Ranges)}).",
                t.At,
                t.Id,
                t.Source,
                OtOperationClasses.IsReadOnly(kind) ? AttackForIcs.PointAndTagIdentification : AttackForIcs.ModifyParameter,
                new BaselineLearnable(BaselineLearnableKind.Range, source) { Protocol = t.Protocol, Unit = t.Unit, Operation = t.Operation, Range = touched });

            // Counted as used, but the range is not learned.
            TouchOperation(source, t.Protocol, t.Unit, t.Operation, null, t.At, count: true);
        }
        else
        {
            TouchOperation(source, t.Protocol, t.Unit, t.Operation, _learning ? range : null, t.At, count: true);
        }

        if (OtOperationClasses.IsEngineering(kind))
        {
            TouchProgrammer(source, t.Operation, t.At, count: true);
        }
    }

    private void ObserveFlow(FlowEvent f)
    {
        Heard(f);
        _zone = f.Destination.Zone ?? _zone;
        var source = f.Source.ToString();
        var protocol = f.Protocol ?? f.Transport;
        var key = BaselineTalker.KeyOf(source, protocol, f.Destination.Port);
        if (!_talkers.ContainsKey(key) && !_learning)
        {
            InventoryVocabulary.TryParse<Protocol>(f.Protocol, out var parsed);
            var remote = parsed is Protocol.Ssh or Protocol.Rdp or Protocol.Smb;
            var port = f.Destination.Port is { } p ? $" port {p.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            Report(
                DetectionType.NewTalker,
                remote ? Severity.High : Severity.Medium,
                $"new-talker:{source}>{Asset}:{f.Destination.Port?.ToString(CultureInfo.InvariantCulture) ?? protocol}",
                $"{source} connected to {Asset} over {protocol}{port}, a talker its baseline does not have ({Count(_talkers.Count, "known talker")}).",
                f.At,
                f.Id,
                f.Source,
                remote ? AttackForIcs.RemoteServices : null,
                new BaselineLearnable(BaselineLearnableKind.Talker, source) { Protocol = protocol, Port = f.Destination.Port });
            return;
        }

        TouchTalker(source, protocol, f.Destination.Port, f.At, count: true);
    }

    private void ObserveChange(AssetChangeEvent c, IReadOnlyList<ShiftCalendar> windows)
    {
        Heard(c);
        _zone = c.Zone ?? _zone;
        var by = c.By?.ToString();
        if (c.To is { } value)
        {
            _versions.Add(new BaselineVersion(c.Change, value, c.At, by));
            while (_versions.Count > Math.Max(1, _settings.MaxVersions))
            {
                _versions.RemoveAt(0);
            }
        }

        if (c.Change is not (AssetChangeKind.Firmware or AssetChangeKind.Program or AssetChangeKind.Mode))
        {
            return;
        }

        var what = c.Change switch
        {
            AssetChangeKind.Firmware => "firmware",
            AssetChangeKind.Program => "program",
            _ => "mode",
        };
        if (by is not null && c.Change != AssetChangeKind.Mode && (_learning || _programmers.ContainsKey($"{by}|{what}")))
        {
            TouchProgrammer(by, what, c.At, count: true);
        }

        if (Inside(windows, c.At))
        {
            return;
        }

        var change = (c.From, c.To) switch
        {
            ({ } from, { } to) => $" from {from} to {to}",
            (null, { } to) => $" to {to}",
            _ => string.Empty,
        };
        Report(
            DetectionType.ChangeOutsideMaintenance,
            c.Change == AssetChangeKind.Mode ? Severity.High : Severity.Critical,
            $"change-outside-maintenance:{Asset}:{what}:{by ?? "-"}",
            $"{Asset}'s {what} changed{change}{(by is null ? string.Empty : $" by {by}")} at {Describe(c.At)}, {OutsideWindows(windows)}.",
            c.At,
            c.Id,
            c.By,
            c.Change switch
            {
                AssetChangeKind.Firmware => AttackForIcs.SystemFirmware,
                AssetChangeKind.Program => AttackForIcs.ProgramDownload,
                _ => AttackForIcs.ChangeOperatingMode,
            },
            null);
    }

    /// <summary>
    /// One use of a known operation, before it is counted: a new poll cycle when it comes at least
    /// <see cref="BaselineSettings.SameCycleShare"/> of the period after the cycle's first operation; the interval then
    /// updates the period (averaged evenly over the first cycles, then EWMA) and the jitter, or, operational and
    /// deviating beyond the tolerance, counts towards a changed period.
    /// </summary>
    private void ObserveCycle(string key, DateTimeOffset at)
    {
        if (!_operations.TryGetValue(key, out var operation) || at <= operation.LastSeen)
        {
            // The first use (a link starts with the second), or out of order (two senders) or the same instant.
            return;
        }

        var link = operation.Poll ?? new BaselineLink(0, 0, 0, operation.LastSeen);
        var persistent = link.IsPersistent(_settings);
        if (link.Silent || (persistent && at - operation.LastSeen > _settings.SilenceAfter(link.Period)))
        {
            // Heard again after a silence: a new start, not an interval.
            _operations[key] = operation with { Poll = link with { CycleStart = at, Silent = false, Deviating = 0, RecentMs = 0 } };
            return;
        }

        var sinceCycle = (at - link.CycleStart).TotalMilliseconds;
        if (link.PeriodMs > 0 && sinceCycle < link.PeriodMs * _settings.SameCycleShare)
        {
            return;
        }

        var cycles = link.Cycles == int.MaxValue ? link.Cycles : link.Cycles + 1;
        var deviation = Math.Abs(sinceCycle - link.PeriodMs);
        var updated = link with { CycleStart = at, Cycles = cycles };
        if (persistent && deviation > link.PeriodMs * _settings.PeriodTolerance && !_learning)
        {
            // Operational: the learned period stays; a streak of deviating intervals is a changed period.
            var streak = link.Deviating + 1;
            var recent = link.Deviating == 0 ? sinceCycle : link.RecentMs + ((sinceCycle - link.RecentMs) / streak);
            updated = updated with { Deviating = streak, RecentMs = Math.Max(1, (long)Math.Round(recent)) };
            if (streak >= _settings.PeriodChangedAfterCycles && !link.PeriodChanged)
            {
                updated = updated with { PeriodChanged = true };
                Report(
                    DetectionType.PollingPeriodChanged,
                    Severity.Low,
                    $"polling-period-changed:{operation.Source}>{Asset}:{UnitKey(operation.Unit)}:{operation.Operation}",
                    $"{operation.Source} now polls {Target(operation.Unit)} with {operation.Operation} every {Describe(TimeSpan.FromMilliseconds(updated.RecentMs))} instead of every {Describe(link.Period)}.",
                    at,
                    null,
                    Host(operation.Source),
                    null,
                    LinkLearnable(BaselineLearnableKind.Period, operation));
            }

            _operations[key] = operation with { Poll = updated };
            return;
        }

        var alpha = cycles <= _settings.PersistentAfterCycles ? 1.0 / cycles : _settings.PeriodAlpha;
        var period = cycles == 1 ? (long)Math.Round(sinceCycle) : Step(link.PeriodMs, sinceCycle, alpha);
        var jitter = cycles == 1 ? 0 : Step(link.JitterMs, deviation, alpha);
        _operations[key] = operation with
        {
            Poll = updated with { PeriodMs = period, JitterMs = jitter, RecentMs = 0, Deviating = 0, PeriodChanged = false },
        };
    }

    private static BaselineLearnable LinkLearnable(BaselineLearnableKind kind, BaselineOperation operation) =>
        new(kind, operation.Source) { Protocol = operation.Protocol, Unit = operation.Unit, Operation = operation.Operation };

    private static string UnitKey(int? unit) => unit?.ToString(CultureInfo.InvariantCulture) ?? "-";

    private string Target(int? unit) => unit is { } u ? $"unit {u.ToString(CultureInfo.InvariantCulture)} of {Asset}" : Asset.ToString();

    /// <summary>
    /// One EWMA step in whole milliseconds: rounding alone would stop a few milliseconds short of a steady input, so a
    /// step that rounds to no change moves one millisecond towards it.
    /// </summary>
    private static long Step(long current, double sample, double alpha)
    {
        var next = (long)Math.Round(current + (alpha * (sample - current)));
        var target = (long)Math.Round(sample);
        return next == current && target != current ? current + Math.Sign(target - current) : next;
    }

    private void RecomputeStale(DateTimeOffset now)
    {
        var persistent = _operations.Values.Where(o => o.Poll?.IsPersistent(_settings) == true).ToList();
        _stale = persistent.Count > 0
            && _heard is { } heard
            && now - heard > _settings.SilenceAfter(persistent.Min(o => o.Poll!.Period));
    }

    private void Heard(TelemetryEvent e)
    {
        if (_heard is null || e.At > _heard)
        {
            _heard = e.At;
        }

        _stale = false;
    }

    private void TouchTalker(string source, string protocol, int? port, DateTimeOffset at, bool count)
    {
        var key = BaselineTalker.KeyOf(source, protocol, port);
        var talker = _talkers.TryGetValue(key, out var seen)
            ? seen with { LastSeen = Later(seen.LastSeen, at), Count = seen.Count + (count ? 1 : 0) }
            : new BaselineTalker(source, protocol, port, at, count ? 1 : 0);
        Put(_talkers, key, talker, _settings.MaxTalkers, t => t.LastSeen);
    }

    private void TouchOperation(string source, string protocol, int? unit, string operation, AddressRange? range, DateTimeOffset at, bool count)
    {
        var key = BaselineOperation.KeyOf(source, protocol, unit, operation);
        var entry = _operations.TryGetValue(key, out var seen)
            ? seen with { LastSeen = Later(seen.LastSeen, at), Count = seen.Count + (count ? 1 : 0) }
            : new BaselineOperation(source, protocol, unit, operation, at, count ? 1 : 0, []);
        if (range is { } added && !entry.Ranges.Any(r => r.Contains(added)))
        {
            entry = entry with { Ranges = Merge(entry.Ranges, added, _settings.MaxRangesPerOperation) };
        }

        Put(_operations, key, entry, _settings.MaxOperations, o => o.LastSeen);
    }

    private void TouchProgrammer(string source, string operation, DateTimeOffset at, bool count)
    {
        var key = $"{source}|{operation}";
        var programmer = _programmers.TryGetValue(key, out var seen)
            ? seen with { LastSeen = Later(seen.LastSeen, at), Count = seen.Count + (count ? 1 : 0) }
            : new BaselineProgrammer(source, operation, at, count ? 1 : 0);
        Put(_programmers, key, programmer, _settings.MaxProgrammers, p => p.LastSeen);
    }

    /// <summary>Adds or replaces; a new key beyond the cap evicts the least recently seen entry first (and counts it).</summary>
    private void Put<T>(Dictionary<string, T> entries, string key, T value, int cap, Func<T, DateTimeOffset> lastSeen)
    {
        if (!entries.ContainsKey(key))
        {
            while (entries.Count >= Math.Max(1, cap))
            {
                var oldest = entries.OrderBy(e => lastSeen(e.Value)).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
                entries.Remove(oldest);
                _evictions++;
            }
        }

        entries[key] = value;
    }

    /// <summary>Adds a range to sorted, merged ranges (overlapping or adjacent ones join); beyond the cap the two closest merge.</summary>
    internal static IReadOnlyList<AddressRange> Merge(IReadOnlyList<AddressRange> ranges, AddressRange added, int cap)
    {
        var all = ranges.Append(added).OrderBy(r => r.From).ThenBy(r => r.To).ToList();
        var merged = new List<AddressRange>();
        foreach (var range in all)
        {
            if (merged.Count > 0 && range.From <= merged[^1].To + 1)
            {
                merged[^1] = merged[^1] with { To = Math.Max(merged[^1].To, range.To) };
            }
            else
            {
                merged.Add(range);
            }
        }

        while (merged.Count > Math.Max(1, cap))
        {
            var closest = Enumerable.Range(0, merged.Count - 1).MinBy(i => merged[i + 1].From - merged[i].To);
            merged[closest] = new AddressRange(merged[closest].From, merged[closest + 1].To);
            merged.RemoveAt(closest + 1);
        }

        return merged;
    }

    private void Report(
        DetectionType type,
        Severity severity,
        string key,
        string summary,
        DateTimeOffset at,
        string? evidence,
        ObservedHost? source,
        AttackTechnique? technique,
        BaselineLearnable? learnable)
    {
        if (!_findings.TryGetValue(key, out var draft))
        {
            draft = new FindingDraft(type, severity, _baseline.Plant, key, summary, Asset, _zone, source, technique, learnable?.ToString());
            _findings[key] = draft;
            _order.Add(draft);
        }

        draft.Add(at, evidence, severity);
    }

    /// <summary>
    /// The source of a finding without an event (silence, period): only an uninventoried host's address is known
    /// from its name; an asset source is named in the key and the sentence.
    /// </summary>
    private static ObservedHost? Host(string source) =>
        source is ['[', .. var ip, ']'] ? new ObservedHost(ip, null, null, null) : null;

    private static bool Inside(IReadOnlyList<ShiftCalendar> windows, DateTimeOffset at) =>
        windows.Any(w => w.TryGetInterval(at, out _, out _));

    private static string OutsideWindows(IReadOnlyList<ShiftCalendar> windows) =>
        windows.Count == 0 ? "and the plant has no maintenance window" : "outside every maintenance window of the plant";

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private static string Count(int count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";

    /// <summary><c>2026-11-26 08:00:00 UTC</c>.</summary>
    internal static string Describe(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary><c>250 ms</c>, <c>5 s</c>, <c>1.5 min</c>, <c>2 h</c>.</summary>
    internal static string Describe(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 1 } => $"{span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s",
        { TotalHours: < 1 } => $"{span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h",
    };

    /// <summary>A finding being built: the batch's evidence (the first half of the cap, then the latest), its latest time.</summary>
    private sealed class FindingDraft(
        DetectionType type,
        Severity severity,
        PlantId plant,
        string key,
        string summary,
        AssetId asset,
        ZoneId? zone,
        ObservedHost? source,
        AttackTechnique? technique,
        string? learnable)
    {
        private readonly List<string> _evidence = [];
        private DateTimeOffset _at;
        private Severity _severity = severity;

        public void Add(DateTimeOffset at, string? evidence, Severity severity)
        {
            _at = Later(_at, at);
            _severity = severity > _severity ? severity : _severity;
            if (evidence is null)
            {
                return;
            }

            if (_evidence.Count >= Finding.MaxEvidence)
            {
                _evidence.RemoveAt(Finding.MaxEvidence / 2);
            }

            _evidence.Add(evidence);
        }

        public Finding Build() => new(type, _severity, plant, key, summary, _at, [.. _evidence])
        {
            Asset = asset,
            Zone = zone,
            Source = source,
            Technique = technique,
            Learnable = learnable,
        };
    }
}
