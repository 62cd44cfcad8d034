using ZtFleet.Policy.Export;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The export outbox as a grain, for producers outside the silo (the API's decision writer): a stateless worker that
/// appends to the silo's <c>IExportOutbox</c>. Key 0. Send batches (up to a few thousand records a call).
/// </summary>
[Alias("ztfleet.IExportOutboxGrain")]
public interface IExportOutboxGrain : IGrainWithIntegerKey
{
    /// <summary>Appends <paramref name="records"/> in order, all or none; returns the position of the last.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(IReadOnlyList<ExportRecord> records, CancellationToken cancellationToken = default);
}
