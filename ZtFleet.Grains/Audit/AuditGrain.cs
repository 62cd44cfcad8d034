using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <inheritdoc cref="IAuditGrain"/>
/// <remarks>
/// With a signing key configured, the first append of an activation arms a reminder that signs the head every
/// <see cref="AuditCheckpointOptions.CheckpointInterval"/> when it moved; checkpoints are stored, so they outlive the
/// activation and the silo.
/// </remarks>
[GrainType("audit")]
public sealed class AuditGrain(
    IAuditStore store, IAuditCheckpointStore checkpoints, AuditCheckpointSigner signer, ControlPlaneClock time, ILogger<AuditGrain> logger)
    : Grain, IAuditGrain, IRemindable
{
    private const string CheckpointReminder = "checkpoint";

    private AuditRecord? _last;
    private bool _loaded;
    private bool _reminderArmed;
    private AuditCheckpoint? _lastCheckpoint;
    private bool _checkpointLoaded;

    private string Scope => this.GetPrimaryKeyString();

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        await AppendBatchAsync([entry], cancellationToken);

    public async Task<long> AppendBatchAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > IAuditGrain.MaxBatch)
        {
            throw new ArgumentException($"At most {IAuditGrain.MaxBatch} entries a batch.", nameof(entries));
        }

        await LoadAsync(cancellationToken);
        if (entries.Count == 0)
        {
            return _last?.Sequence ?? 0;
        }

        var records = new List<AuditRecord>(entries.Count);
        var previous = _last;
        foreach (var entry in entries)
        {
            previous = AuditChain.Append((previous?.Sequence ?? 0) + 1, entry, previous?.Hash ?? AuditChain.Genesis);
            records.Add(previous);
        }

        try
        {
            if (records.Count == 1)
            {
                await store.AppendAsync(Scope, records[0], cancellationToken);
            }
            else
            {
                await store.AppendManyAsync(Scope, records, cancellationToken);
            }
        }
        catch
        {
            // Another activation may have appended meanwhile: reload the tail before the next append.
            _loaded = false;
            throw;
        }

        _last = records[^1];
        await ArmReminderAsync();
        return _last.Sequence;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        store.ReadAsync(Scope, afterSequence, Math.Clamp(limit, 1, 10_000), cancellationToken);

    public async Task<long?> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var verification = await VerifyRangeAsync(1, 0, cancellationToken);
        return verification.FirstBroken;
    }

    public async Task<AuditHead> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken);
        return Head();
    }

    public Task<AuditPage> ListAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return store.QueryAsync(Scope, query with { Limit = Math.Clamp(query.Limit, 1, AuditQuery.MaxLimit) }, cancellationToken);
    }

    public async Task<AuditVerification> VerifyRangeAsync(long from, long to, CancellationToken cancellationToken = default)
    {
        from = Math.Max(from, 1);
        await LoadAsync(cancellationToken);
        var knownHead = _last?.Sequence ?? 0;
        var latest = await LatestCheckpointAsync(cancellationToken);
        if (to <= 0)
        {
            to = Math.Max(knownHead, latest?.Sequence ?? 0);
        }

        to = Math.Min(to, from + IAuditGrain.MaxVerifyRange - 1);
        var covered = new List<AuditCheckpointCheck>();
        long after = 0;
        while (true)
        {
            var page = await checkpoints.ListAsync(Scope, from, to, after, 1000, cancellationToken);
            covered.AddRange(page.Select(c => new AuditCheckpointCheck(c, signer.Verify(c))));
            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        // The record before the range anchors the first link; read from it, and keep it out of the range.
        var records = new List<AuditRecord>();
        after = from - 2;
        while (after < to)
        {
            var page = await store.ReadAsync(Scope, after, (int)Math.Min(10_000, to - after), cancellationToken);
            records.AddRange(page.Where(r => r.Sequence <= to));
            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Sequence;
        }

        byte[]? anchor = from == 1 ? AuditChain.Genesis : records.FirstOrDefault(r => r.Sequence == from - 1)?.Hash;
        return AuditChain.Verify(records.Where(r => r.Sequence >= from), from, to, anchor, knownHead, covered);
    }

    public async Task<AuditCheckpoint?> CheckpointAsync(CancellationToken cancellationToken = default)
    {
        if (!signer.Enabled)
        {
            return null;
        }

        await LoadAsync(cancellationToken);
        var latest = await LatestCheckpointAsync(cancellationToken);
        if (_last is null || (latest is not null && latest.Sequence >= _last.Sequence))
        {
            // The head has not moved since the last checkpoint: nothing new to sign.
            return latest;
        }

        var checkpoint = signer.Sign(Scope, Head(), time.GetUtcNow());
        await checkpoints.AddAsync(checkpoint, cancellationToken);
        _lastCheckpoint = checkpoint;
        return checkpoint;
    }

    public Task<IReadOnlyList<AuditCheckpoint>> ListCheckpointsAsync(long from, long to, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        checkpoints.ListAsync(Scope, from, to <= 0 ? long.MaxValue : to, afterSequence, Math.Clamp(limit, 1, 1000), cancellationToken);

    public Task<AuditSigningKey?> GetSigningKeyAsync(CancellationToken cancellationToken = default) => Task.FromResult(signer.PublicKey);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != CheckpointReminder)
        {
            return;
        }

        try
        {
            await CheckpointAsync();
        }
        catch (Exception failure)
        {
            // The next tick tries again; the head stays unsigned meanwhile.
            logger.LogError(failure, "Could not sign the audit checkpoint of {Scope}", Scope);
        }
    }

    private AuditHead Head() => new(_last?.Sequence ?? 0, _last?.Hash ?? AuditChain.Genesis);

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (!_loaded)
        {
            _last = await store.LastAsync(Scope, cancellationToken);
            _loaded = true;
        }
    }

    private async Task<AuditCheckpoint?> LatestCheckpointAsync(CancellationToken cancellationToken)
    {
        if (!_checkpointLoaded)
        {
            _lastCheckpoint = await checkpoints.LatestAsync(Scope, cancellationToken);
            _checkpointLoaded = true;
        }

        return _lastCheckpoint;
    }

    private async Task ArmReminderAsync()
    {
        if (_reminderArmed || !signer.Enabled)
        {
            return;
        }

        try
        {
            // Once an activation: an interval changed in the configuration takes effect.
            await this.RegisterOrUpdateReminder(CheckpointReminder, signer.Interval, signer.Interval);

            _reminderArmed = true;
        }
        catch (Exception failure)
        {
            // The append is durable already; the next one tries to arm the reminder again.
            logger.LogWarning(failure, "Could not arm the audit checkpoint reminder of {Scope}", Scope);
        }
    }
}
