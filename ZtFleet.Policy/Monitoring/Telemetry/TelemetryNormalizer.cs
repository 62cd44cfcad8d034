using System.Collections.Frozen;
using System.Globalization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;
using static ZtFleet.Policy.Monitoring.Telemetry.TelemetryRefusalReasons;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// Turns one batch of reported events into the normalised model, in the sender's order: addresses in canonical form
/// and resolved to the plant's assets (an address no asset has is an uninventoried host, accepted), ids checked
/// against the plant, protocols and operations in the fleet document's vocabulary (Modbus as <c>fc{n}</c>), times
/// within the accepted window. An event that fails a check is refused with a stable reason
/// (<see cref="TelemetryRefusalReasons"/>); the batch goes on.
/// </summary>
/// <remarks>
/// One instance per batch; not thread-safe. Call one <c>Add…</c> (or <see cref="Refuse"/>) per event, in order: the
/// event's index in the batch is the number of calls before it, and its id is <c>{sender}:{sequence}:{index}</c>.
/// Lookups go through <see cref="TelemetryIndex"/>, built once per plant definition; an accepted event allocates its
/// record, its hosts and its id, nothing else.
/// </remarks>
public sealed class TelemetryNormalizer
{
    private static readonly string[] FunctionCodes = [.. Enumerable.Range(0, 128).Select(code => $"fc{code.ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>Protocol spellings senders use (Zeek's <c>modbus</c>, <c>s7</c>), each to the document's.</summary>
    private static readonly FrozenDictionary<string, (Protocol Protocol, string Name)> Protocols = BuildProtocols();

    private static readonly FrozenDictionary<string, string> Transports =
        new[] { "tcp", "udp", "icmp" }.ToFrozenDictionary(t => t, t => t, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, string> Methods =
        new[] { "password", "totp", "oidc", "certificate", "smartcard", "key", "other" }.ToFrozenDictionary(m => m, m => m, StringComparer.OrdinalIgnoreCase);

    private readonly PlantSnapshot _snapshot;
    private readonly TelemetryIndex _index;
    private readonly TelemetryWindow _window;
    private readonly DateTimeOffset _now;
    private readonly string _sender;
    private readonly string _idPrefix;
    private readonly List<TelemetryEvent> _events;
    private readonly List<TelemetryRefusal> _refusals = [];
    private readonly Dictionary<string, int> _byReason = new(StringComparer.Ordinal);
    private int _next;
    private int _refused;
    private int _uninventoried;

    /// <param name="snapshot">The plant's view (its definition and the identities of the plant).</param>
    /// <param name="window">How far from <paramref name="now"/> an event's time may lie.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="sender">The enforcement point or sensor id.</param>
    /// <param name="sequence">The batch's sequence number.</param>
    /// <param name="capacity">How many events the batch holds (sizes the list once).</param>
    public TelemetryNormalizer(PlantSnapshot snapshot, TelemetryWindow window, DateTimeOffset now, string sender, ulong sequence, int capacity = 0)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentException.ThrowIfNullOrEmpty(sender);
        _snapshot = snapshot;
        _index = TelemetryIndex.Of(snapshot.Definition);
        _window = window;
        _now = now;
        _sender = sender;
        _idPrefix = $"{sender}:{sequence.ToString(CultureInfo.InvariantCulture)}:";
        _events = new List<TelemetryEvent>(capacity);
    }

    /// <summary>How many events were added (accepted or refused).</summary>
    public int Count => _next;

    /// <summary>The batch so far.</summary>
    public NormalizedBatch Build() => new(_events, _refused, _refusals, _byReason, _uninventoried);

    /// <summary>Refuses the next event for a reason found before its kind was read (no kind, a malformed time).</summary>
    public void Refuse(string field, string reason, string description) => Fail(_next++, field, reason, description);

    /// <summary>Adds a network flow.</summary>
    public void AddFlow(DateTimeOffset? at, in RawFlow flow)
    {
        var index = _next++;
        if (!Time(index, at, out var when)
            || !Host(index, flow.Source, "flow.source", required: true, out var source)
            || !Host(index, flow.Destination, "flow.destination", required: true, out var destination))
        {
            return;
        }

        if (string.IsNullOrEmpty(flow.Transport))
        {
            Fail(index, "flow.transport", MissingField, "is required (tcp, udp or icmp)");
            return;
        }

        if (!Transports.TryGetValue(flow.Transport, out var transport))
        {
            Fail(index, "flow.transport", InvalidValue, $"{Echo.Of(flow.Transport)} is not tcp, udp or icmp");
            return;
        }

        if (flow.Bytes < 0 || flow.Packets < 0)
        {
            Fail(index, flow.Bytes < 0 ? "flow.bytes" : "flow.packets", InvalidValue, "must not be negative");
            return;
        }

        if (flow.End is { } end && end < when)
        {
            Fail(index, "flow.end", InvalidValue, "is before the flow's start (at)");
            return;
        }

        if (flow.Action is not (FlowAction.Allowed or FlowAction.Dropped or FlowAction.Observed))
        {
            Fail(index, "flow.action", flow.Action == FlowAction.Unspecified ? MissingField : InvalidValue, "must be ALLOWED, DROPPED or OBSERVED");
            return;
        }

        // A protocol outside the document's vocabulary is kept as unknown rather than refusing the connection.
        Accept(new FlowEvent
        {
            Id = IdOf(index),
            Plant = _snapshot.Plant,
            At = when,
            Sender = _sender,
            Source = source!,
            Destination = destination!,
            Transport = transport,
            Protocol = !string.IsNullOrEmpty(flow.Protocol) && Protocols.TryGetValue(flow.Protocol, out var protocol) ? protocol.Name : null,
            Bytes = flow.Bytes == 0 ? null : flow.Bytes,
            Packets = flow.Packets == 0 ? null : flow.Packets,
            End = flow.End,
            Action = flow.Action,
            Rule = NullIfEmpty(flow.Rule),
        });
    }

    /// <summary>Adds an OT protocol operation.</summary>
    public void AddOtTransaction(DateTimeOffset? at, in RawOtTransaction t)
    {
        var index = _next++;
        if (!Time(index, at, out var when)
            || !Host(index, t.Source, "ot_transaction.source", required: true, out var source)
            || !Host(index, t.Destination, "ot_transaction.destination", required: true, out var destination)
            || !Identity(index, t.IdentityId, "ot_transaction.identity_id", out var identity))
        {
            return;
        }

        (Protocol Protocol, string Name) protocol;
        if (string.IsNullOrEmpty(t.Protocol))
        {
            if (t.FunctionCode == 0)
            {
                Fail(index, "ot_transaction.protocol", MissingField, "is required (modbus-tcp, s7comm, opc-ua…)");
                return;
            }

            protocol = Protocols["modbus-tcp"];
        }
        else if (!Protocols.TryGetValue(t.Protocol, out protocol) || !ProtocolOperations.RequiresOperations(protocol.Protocol))
        {
            Fail(index, "ot_transaction.protocol", InvalidValue, $"{Echo.Of(t.Protocol)} is not an OT protocol of the fleet document's vocabulary");
            return;
        }

        string operation;
        int? functionCode = null;
        if (protocol.Protocol == Protocol.ModbusTcp)
        {
            var code = t.FunctionCode;
            if (code == 0 && ProtocolOperations.TryParseFunctionCode(t.Operation ?? string.Empty, out var named))
            {
                code = named;
            }

            if (code == 0)
            {
                Fail(index, "ot_transaction.function_code", MissingField, "is required for Modbus/TCP (1-127)");
                return;
            }

            if (code is < 1 or > 127)
            {
                Fail(index, "ot_transaction.function_code", InvalidValue, "must be 1-127");
                return;
            }

            functionCode = code;
            operation = FunctionCodes[code];
        }
        else
        {
            if (t.FunctionCode != 0)
            {
                Fail(index, "ot_transaction.function_code", InvalidValue, $"is for Modbus/TCP only, not {protocol.Name}");
                return;
            }

            if (string.IsNullOrEmpty(t.Operation))
            {
                Fail(index, "ot_transaction.operation", MissingField, $"is required for {protocol.Name}");
                return;
            }

            if (!ProtocolOperations.IsAllowed(protocol.Protocol, t.Operation))
            {
                Fail(index, "ot_transaction.operation", InvalidValue,
                    $"{Echo.Of(t.Operation)} is not an operation of {protocol.Name} ({string.Join(", ", ProtocolOperations.Named(protocol.Protocol))})");
                return;
            }

            operation = t.Operation;
        }

        if (t.Unit is < 0 or > 255 || t.Address < 0 || t.Quantity < 0 || t.Exception is < 1 or > 255)
        {
            var field = t.Unit is < 0 or > 255 ? "unit" : t.Address < 0 ? "address" : t.Quantity < 0 ? "quantity" : "exception";
            Fail(index, $"ot_transaction.{field}", InvalidValue, field switch
            {
                "unit" => "must be 0-255",
                "exception" => "must be 1-255",
                _ => "must not be negative",
            });
            return;
        }

        if (t.Outcome is not (OtOutcome.Forwarded or OtOutcome.Refused or OtOutcome.Observed))
        {
            Fail(index, "ot_transaction.outcome", t.Outcome == OtOutcome.Unspecified ? MissingField : InvalidValue, "must be FORWARDED, REFUSED or OBSERVED");
            return;
        }

        Accept(new OtTransactionEvent
        {
            Id = IdOf(index),
            Plant = _snapshot.Plant,
            At = when,
            Sender = _sender,
            Source = source!,
            Destination = destination!,
            Protocol = protocol.Name,
            Operation = operation,
            FunctionCode = functionCode,
            Unit = protocol.Protocol == Protocol.ModbusTcp ? t.Unit : null,
            Address = t.Address,
            Quantity = t.Quantity,
            Exception = t.Exception,
            Outcome = t.Outcome,
            Rule = NullIfEmpty(t.Rule),
            Identity = identity,
        });
    }

    /// <summary>Adds an authentication attempt. A user name that is no identity of the plant is kept, with no identity.</summary>
    public void AddAuthentication(DateTimeOffset? at, in RawAuthentication a)
    {
        var index = _next++;
        if (!Time(index, at, out var when)
            || !Host(index, a.Source, "authentication.source", required: false, out var source)
            || !Host(index, a.Target, "authentication.target", required: false, out var target))
        {
            return;
        }

        if (string.IsNullOrEmpty(a.User))
        {
            Fail(index, "authentication.user", MissingField, "is required");
            return;
        }

        if (string.IsNullOrEmpty(a.Method))
        {
            Fail(index, "authentication.method", MissingField, "is required (password, totp, oidc, certificate, smartcard, key or other)");
            return;
        }

        IdentityId? identity = IdentityId.TryParse(a.User, out var id) && _snapshot.TryGetIdentity(id, out _) ? id : null;
        Accept(new AuthenticationEvent
        {
            Id = IdOf(index),
            Plant = _snapshot.Plant,
            At = when,
            Sender = _sender,
            Identity = identity,
            User = a.User,
            Method = Methods.TryGetValue(a.Method, out var method) ? method : "other",
            Success = a.Success,
            Source = source,
            Target = target,
            Reason = NullIfEmpty(a.Reason),
        });
    }

    /// <summary>Adds an access decision an enforcement point enforced.</summary>
    public void AddAccessDecision(DateTimeOffset? at, in RawAccessDecision d)
    {
        var index = _next++;
        if (!Time(index, at, out var when)
            || !Host(index, d.Source, "access_decision.source", required: false, out var source))
        {
            return;
        }

        if (string.IsNullOrEmpty(d.IdentityId))
        {
            Fail(index, "access_decision.identity_id", MissingField, "is required");
            return;
        }

        if (!Identity(index, d.IdentityId, "access_decision.identity_id", out var identity))
        {
            return;
        }

        var hasAsset = !string.IsNullOrEmpty(d.AssetId);
        var hasZone = !string.IsNullOrEmpty(d.ZoneId);
        if (hasAsset == hasZone)
        {
            Fail(index, "access_decision.asset_id", hasAsset ? InvalidValue : MissingField, "exactly one of asset_id and zone_id is required");
            return;
        }

        AssetId? asset = null;
        ZoneId zone;
        if (hasAsset)
        {
            if (!Asset(index, d.AssetId!, "access_decision.asset_id", out var spec))
            {
                return;
            }

            asset = spec!.Id;
            zone = spec.Zone;
        }
        else if (!ZoneId.TryParse(d.ZoneId, out zone))
        {
            Fail(index, "access_decision.zone_id", InvalidValue, $"{Echo.Of(d.ZoneId)} is not a zone id");
            return;
        }
        else if (!_index.HasZone(zone))
        {
            Fail(index, "access_decision.zone_id", UnknownZone, $"plant '{_snapshot.Plant}' has no zone '{zone}'");
            return;
        }

        if (!Enum.IsDefined(d.Operation) || d.Operation == Operation.Unspecified)
        {
            Fail(index, "access_decision.operation", d.Operation == Operation.Unspecified ? MissingField : InvalidValue, "must be an operation (view, operate, write…)");
            return;
        }

        Accept(new AccessDecisionEvent
        {
            Id = IdOf(index),
            Plant = _snapshot.Plant,
            At = when,
            Sender = _sender,
            Identity = identity!.Value,
            Asset = asset,
            Zone = zone,
            Operation = d.Operation,
            Allowed = d.Allowed,
            Reason = string.IsNullOrEmpty(d.Reason) ? "unspecified" : d.Reason,
            Emergency = d.Emergency,
            Source = source,
        });
    }

    /// <summary>
    /// Adds a change of an asset, named by id (which must exist) or by address (an address no asset has is kept as an
    /// uninventoried host).
    /// </summary>
    public void AddAssetChange(DateTimeOffset? at, in RawAssetChange c)
    {
        var index = _next++;
        if (!Time(index, at, out var when)
            || !Host(index, c.By, "asset_change.by", required: false, out var by)
            || !Identity(index, c.IdentityId, "asset_change.identity_id", out var identity))
        {
            return;
        }

        if (c.Change is < AssetChangeKind.Firmware or > AssetChangeKind.NewIp)
        {
            Fail(index, "asset_change.change", c.Change == AssetChangeKind.Unspecified ? MissingField : InvalidValue, "must be FIRMWARE, PROGRAM, MODE, NEW_MAC or NEW_IP");
            return;
        }

        AssetSpec? asset = null;
        string? ip = null;
        if (!string.IsNullOrEmpty(c.Ip))
        {
            if (!_index.TryResolve(c.Ip, out var canonical, out asset))
            {
                Fail(index, "asset_change.ip", InvalidAddress, $"{Echo.Of(c.Ip)} is not an IPv4 or IPv6 address");
                return;
            }

            ip = canonical;
        }

        if (!string.IsNullOrEmpty(c.AssetId))
        {
            if (!Asset(index, c.AssetId, "asset_change.asset_id", out asset))
            {
                return;
            }
        }
        else if (ip is null)
        {
            Fail(index, "asset_change.asset_id", MissingField, "asset_id or ip is required");
            return;
        }

        Accept(new AssetChangeEvent
        {
            Id = IdOf(index),
            Plant = _snapshot.Plant,
            At = when,
            Sender = _sender,
            Asset = asset?.Id,
            Zone = asset?.Zone,
            Ip = ip,
            Change = c.Change,
            From = NullIfEmpty(c.From),
            To = NullIfEmpty(c.To),
            By = by,
            Identity = identity,
        });
    }

    private void Accept(TelemetryEvent e)
    {
        _events.Add(e);
        if (TelemetryRouting.HasUninventoriedHost(e))
        {
            _uninventoried++;
        }
    }

    private bool Time(int index, DateTimeOffset? at, out DateTimeOffset when)
    {
        when = at.GetValueOrDefault();
        if (at is null)
        {
            return Fail(index, "at", MissingField, "is required");
        }

        return _window.Contains(when, _now)
            || Fail(index, "at", ClockSkew, when < _now
                ? $"is more than {_window.MaxAge.TotalHours.ToString(CultureInfo.InvariantCulture)} h before the receiver's clock"
                : $"is more than {_window.MaxAhead.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min after the receiver's clock");
    }

    private bool Host(int index, in RawEndpoint endpoint, string field, bool required, out ObservedHost? host)
    {
        host = null;
        if (!endpoint.IsPresent)
        {
            return !required || Fail(index, field + ".ip", MissingField, "is required");
        }

        if (endpoint.Port is < 0 or > 65535)
        {
            return Fail(index, field + ".port", InvalidValue, "must be 0-65535");
        }

        if (!_index.TryResolve(endpoint.Ip!, out var ip, out var asset))
        {
            return Fail(index, field + ".ip", InvalidAddress, $"{Echo.Of(endpoint.Ip)} is not an IPv4 or IPv6 address");
        }

        host = new ObservedHost(ip, endpoint.Port == 0 ? null : endpoint.Port, asset?.Id, asset?.Zone);
        return true;
    }

    private bool Identity(int index, string? text, string field, out IdentityId? identity)
    {
        identity = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!IdentityId.TryParse(text, out var id))
        {
            return Fail(index, field, InvalidValue, $"{Echo.Of(text)} is not an identity id");
        }

        if (!_snapshot.TryGetIdentity(id, out _))
        {
            return Fail(index, field, UnknownIdentity, $"'{id}' is not an identity of plant '{_snapshot.Plant}'");
        }

        identity = id;
        return true;
    }

    private bool Asset(int index, string text, string field, out AssetSpec? asset)
    {
        asset = null;
        if (!_index.TryGetAsset(text, out var found))
        {
            return AssetId.TryParse(text, out _)
                ? Fail(index, field, UnknownAsset, $"plant '{_snapshot.Plant}' has no asset '{text}'")
                : Fail(index, field, InvalidValue, $"{Echo.Of(text)} is not an asset id");
        }

        asset = found;
        return true;
    }

    private bool Fail(int index, string field, string reason, string description)
    {
        _refused++;
        _byReason[reason] = _byReason.GetValueOrDefault(reason) + 1;
        if (_refusals.Count < TelemetryLimits.MaxRefusalsListed)
        {
            _refusals.Add(new TelemetryRefusal(index, field, reason, description));
        }

        return false;
    }

    private string IdOf(int index) => string.Create(CultureInfo.InvariantCulture, $"{_idPrefix}{index}");

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static FrozenDictionary<string, (Protocol, string)> BuildProtocols()
    {
        var map = new Dictionary<string, (Protocol, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var protocol in Enum.GetValues<Protocol>())
        {
            if (InventoryVocabulary.TryName(protocol, out var name))
            {
                map[name] = (protocol, name);
            }
        }

        foreach (var (alias, name) in new[]
        {
            ("modbus", "modbus-tcp"), ("modbus/tcp", "modbus-tcp"), ("s7", "s7comm"), ("opcua", "opc-ua"),
            ("enip", "ethernet-ip"), ("iec104", "iec-104"), ("bacnet", "bacnet-ip"), ("ssl", "https"), ("tls", "https"),
        })
        {
            map[alias] = map[name];
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
