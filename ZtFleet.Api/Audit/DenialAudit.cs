using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;
using Domain = ZtFleet.Policy.Access;

namespace ZtFleet.Api.Audit;

/// <summary>
/// Audits routine decision denials (<c>Check</c>, <c>BatchCheck</c> and <c>CheckFlow</c>) without making a decision wait for the database. <see cref="Denied"/> only puts
/// the denial in a bounded in-memory queue (a full queue counts it as dropped); every
/// <see cref="DenialAuditOptions.FlushInterval"/>, or as soon as <see cref="DenialAuditOptions.FlushAt"/> wait, the
/// queue is drained, identical denials (same plant, caller, action, target and facts: identity, operation or protocol and port, reason, rule) within the
/// same second are folded into one record with a count, and each plant's records go to its chain in one grain call
/// (<see cref="IAuditGrain.AppendBatchAsync"/>, one store write). Dropped denials are audited as a count at fleet
/// scope (<c>decision.deny-dropped</c>).
/// </summary>
/// <remarks>
/// A failed write is logged with what it lost. Registered as a hosted service after the Orleans client, so it stops
/// (and flushes what waits) before the client does.
/// </remarks>
public sealed class DenialAudit(
    IClusterClient cluster, ControlPlaneClock time, IOptions<DenialAuditOptions> options, ILogger<DenialAudit> logger)
    : IHostedService, IDisposable
{
    /// <summary>The action of a denial record.</summary>
    public const string DenyAction = "decision.deny";

    /// <summary>The action of a flow denial record (<c>DecisionService/CheckFlow</c>).</summary>
    public const string FlowDenyAction = "decision.flow-deny";

    /// <summary>The action of the record that counts denials dropped because the queue was full.</summary>
    public const string DroppedAction = "decision.deny-dropped";

    private readonly DenialAuditOptions _options = options.Value;
    private readonly Channel<Denial> _queue = Channel.CreateBounded<Denial>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _waiting;
    private long _dropped;
    private long _droppedTotal;
    private long _written;
    private long _records;
    private int _kicked;
    private ITimer? _timer;

    /// <summary>Denials dropped since start because the queue was full.</summary>
    public long DroppedTotal => Interlocked.Read(ref _droppedTotal);

    /// <summary>Denials written since start (each counted once, folded or not).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Denial records written since start (after folding; the dropped-count records aside).</summary>
    public long Records => Interlocked.Read(ref _records);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            _timer = time.CreateTimer(_ => Kick(), null, _options.FlushInterval, _options.FlushInterval);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        await FlushAsync().WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _flushing.Dispose();
    }

    /// <summary>Queues an access denial for the audit; never waits. A full queue counts it as dropped.</summary>
    public void Denied(Caller caller, PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var facts = new AccessFacts(access.Subject.Value, access.Asset?.Value, access.Zone?.Value, access.Operation.ToString(), decision.Reason, decision.RuleId);
        Queue(new Denial(caller.ToString(), plant, DenyAction, $"{access.Subject}->{access.Asset?.Value ?? access.Zone?.Value}", facts, decision.Epoch, time.GetUtcNow()));
    }

    /// <summary>
    /// Queues a flow denial (<c>CheckFlow</c>) for the audit; never waits. A full queue counts it as dropped. The target
    /// names the ends as resolved (asset ids, else the addresses given) with protocol and port.
    /// </summary>
    public void FlowDenied(Caller caller, PlantId plant, in FlowRequest flow, in FlowDecision decision, long epoch)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var source = decision.SourceAsset?.Value ?? flow.Source.Asset?.Value ?? flow.Source.Address ?? "?";
        var destination = decision.DestinationAsset?.Value ?? flow.Destination.Asset?.Value ?? flow.Destination.Address ?? "?";
        var protocol = InventoryName(flow.Protocol);
        var facts = new FlowFacts(source, decision.SourceZone?.Value, destination, decision.DestinationZone?.Value, protocol, flow.Port, flow.Operation,
            flow.Identity?.Value, decision.Reason, decision.RuleId);
        Queue(new Denial(caller.ToString(), plant, FlowDenyAction, $"{source}->{destination}:{protocol}/{flow.Port}", facts, epoch, time.GetUtcNow()));
    }

    private void Queue(Denial denial)
    {
        if (!_queue.Writer.TryWrite(denial))
        {
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _droppedTotal);
            return;
        }

        if (Interlocked.Increment(ref _waiting) >= _options.FlushAt)
        {
            Kick();
        }
    }

    /// <summary>Writes everything queued so far (and the dropped count); completes when it is written or its failure logged.</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            var folded = new Dictionary<DenialKey, Fold>();
            var taken = 0;
            while (_queue.Reader.TryRead(out var denial))
            {
                taken++;
                var key = new DenialKey(denial.Plant, denial.Caller, denial.Action, denial.Target, denial.Facts, denial.At.ToUnixTimeSeconds());
                if (folded.TryGetValue(key, out var fold))
                {
                    fold.Count++;
                    fold.Last = denial.At;
                    fold.Epoch = denial.Epoch;
                }
                else
                {
                    folded[key] = new Fold { Count = 1, First = denial.At, Last = denial.At, Epoch = denial.Epoch };
                }
            }

            Interlocked.Add(ref _waiting, -taken);
            var writes = folded
                .GroupBy(f => f.Key.Plant)
                .Select(plant => WriteAsync(plant.Key.Value, plant.Select(f => Entry(f.Key, f.Value)).ToList(), plant.Sum(f => (long)f.Value.Count)))
                .ToList();
            var dropped = Interlocked.Exchange(ref _dropped, 0);
            if (dropped > 0)
            {
                var now = time.GetUtcNow();
                writes.Add(WriteAsync(IAuditGrain.FleetScope, [new AuditEntry(null, now, "ztfleet-api", DroppedAction, "fleet", "dropped",
                    JsonSerializer.Serialize(new { count = dropped, queueCapacity = _options.QueueCapacity }))], 0));
            }

            await Task.WhenAll(writes);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private void Kick()
    {
        if (Interlocked.CompareExchange(ref _kicked, 1, 0) != 0)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await FlushAsync();
            }
            catch (Exception failure)
            {
                logger.LogError(failure, "The denial audit flush failed");
            }
            finally
            {
                Volatile.Write(ref _kicked, 0);
            }
        });
    }

    private async Task WriteAsync(string scope, List<AuditEntry> entries, long denials)
    {
        try
        {
            for (var i = 0; i < entries.Count; i += IAuditGrain.MaxBatch)
            {
                await cluster.GetGrain<IAuditGrain>(scope).AppendBatchAsync(entries.GetRange(i, Math.Min(IAuditGrain.MaxBatch, entries.Count - i)));
            }

            if (denials > 0)
            {
                // Denial records only; the dropped-count record is not one.
                Interlocked.Add(ref _written, denials);
                Interlocked.Add(ref _records, entries.Count);
            }
        }
        catch (Exception failure)
        {
            logger.LogError(failure, "Could not audit {Records} denial records ({Denials} denials) of {Scope}", entries.Count, denials, scope);
        }
    }

    private static AuditEntry Entry(DenialKey key, Fold fold)
    {
        // The facts first (as they were named before flows were audited: identity, asset, zone, operation, reason, rule),
        // then the fold.
        var detail = JsonSerializer.SerializeToNode(key.Facts, key.Facts.GetType(), DetailJson)!.AsObject();
        detail["epoch"] = fold.Epoch;
        detail["count"] = fold.Count;
        detail["first"] = JsonSerializer.SerializeToNode(fold.First);
        detail["last"] = JsonSerializer.SerializeToNode(fold.Last);
        return new AuditEntry(key.Plant.Value, fold.First, key.Caller, key.Action, key.Target, "denied", detail.ToJsonString());
    }

    private static string InventoryName(ZtFleet.Policy.Inventory.Protocol protocol) =>
        ZtFleet.Policy.Inventory.InventoryVocabulary.TryName(protocol, out var name) ? name : protocol.ToString();

    private static readonly JsonSerializerOptions DetailJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private sealed record Denial(string Caller, PlantId Plant, string Action, string Target, object Facts, long Epoch, DateTimeOffset At);

    /// <summary>The facts of an access denial; records, so equal facts fold.</summary>
    private sealed record AccessFacts(string Identity, string? Asset, string? Zone, string Operation, string Reason, string? Rule);

    /// <summary>The facts of a flow denial.</summary>
    private sealed record FlowFacts(
        string Source, string? SourceZone, string Destination, string? DestinationZone, string Protocol, int Port, string? Operation, string? Identity,
        string Reason, string? Rule);

    private readonly record struct DenialKey(PlantId Plant, string Caller, string Action, string Target, object Facts, long Second);

    private sealed class Fold
    {
        public int Count { get; set; }

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }

        public long Epoch { get; set; }
    }
}
