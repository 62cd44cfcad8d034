using Orleans.Concurrency;
using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Export;

/// <inheritdoc cref="IExportOutboxGrain"/>
[StatelessWorker]
[GrainType("export-outbox")]
public sealed class ExportOutboxGrain(IExportOutbox outbox) : Grain, IExportOutboxGrain
{
    public async Task<long> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stored = await outbox.AppendAsync(records, cancellationToken);
        return stored.Count == 0 ? 0 : stored[^1].Position;
    }
}
