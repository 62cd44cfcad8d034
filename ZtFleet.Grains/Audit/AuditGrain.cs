using ZtFleet.Policy.Audit;

namespace ZtFleet.Grains.Audit;

/// <inheritdoc cref="IAuditGrain"/>
[GrainType("audit")]
public sealed class AuditGrain(IAuditStore store) : Grain, IAuditGrain
{
    private AuditRecord? _last;
    private bool _loaded;

    public async Task<long> AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        if (!_loaded)
        {
            _last = await store.LastAsync(this.GetPrimaryKeyString(), cancellationToken);
            _loaded = true;
        }

        var record = AuditChain.Append((_last?.Sequence ?? 0) + 1, entry, _last?.Hash ?? AuditChain.Genesis);
        try
        {
            await store.AppendAsync(this.GetPrimaryKeyString(), record, cancellationToken);
        }
        catch
        {
            // Another activation may have appended meanwhile: reload the tail before the next append.
            _loaded = false;
            throw;
        }

        _last = record;
        return record.Sequence;
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        store.ReadAsync(this.GetPrimaryKeyString(), afterSequence, Math.Clamp(limit, 1, 10_000), cancellationToken);

    public async Task<long?> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<AuditRecord>();
        long after = 0;
        while (true)
        {
            var page = await store.ReadAsync(this.GetPrimaryKeyString(), after, 10_000, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            all.AddRange(page);
            after = page[^1].Sequence;
        }

        return AuditChain.FirstBroken(all)?.Sequence;
    }
}
