using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using Domain = ZtFleet.Policy.Access;

namespace ZtFleet.Api.Audit;

/// <summary>
/// Audits routine decision denials without making a decision wait for the database. <see cref="Denied"/> only puts
/// the denial in a bounded in-memory queue (a full queue counts it as dropped); every
/// <see cref="DenialAuditOptions.FlushInterval"/>, or as soon as <see cref="DenialAuditOptions.FlushAt"/> wait, the
/// queue is drained, identical denials (same plant, caller, identity, target, operation, reason and rule) within the
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

    /// <summary>Queues a denial for the audit; never waits. A full queue counts it as dropped.</summary>
    public void Denied(Caller caller, PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var denial = new Denial(caller.ToString(), plant, access.Subject, access.Asset, access.Zone, access.Operation, decision.Reason, decision.RuleId, decision.Epoch, time.GetUtcNow());
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
                var key = new DenialKey(denial.Plant, denial.Caller, denial.Identity, denial.Asset, denial.Zone, denial.Operation, denial.Reason, denial.Rule,
                    denial.At.ToUnixTimeSeconds());
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

    private static AuditEntry Entry(DenialKey key, Fold fold) => new(
        key.Plant.Value,
        fold.First,
        key.Caller,
        DenyAction,
        $"{key.Identity}->{key.Asset?.Value ?? key.Zone?.Value}",
        "denied",
        JsonSerializer.Serialize(new
        {
            identity = key.Identity.Value,
            asset = key.Asset?.Value,
            zone = key.Zone?.Value,
            operation = key.Operation.ToString(),
            reason = key.Reason,
            rule = key.Rule,
            epoch = fold.Epoch,
            count = fold.Count,
            first = fold.First,
            last = fold.Last,
        }));

    private sealed record Denial(
        string Caller, PlantId Plant, IdentityId Identity, AssetId? Asset, ZoneId? Zone, Domain.Operation Operation, string Reason, string? Rule, long Epoch, DateTimeOffset At);

    private readonly record struct DenialKey(
        PlantId Plant, string Caller, IdentityId Identity, AssetId? Asset, ZoneId? Zone, Domain.Operation Operation, string Reason, string? Rule, long Second);

    private sealed class Fold
    {
        public int Count { get; set; }

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }

        public long Epoch { get; set; }
    }
}
