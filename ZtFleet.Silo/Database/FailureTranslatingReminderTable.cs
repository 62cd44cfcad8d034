using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Silo.Database;

/// <summary>
/// Wraps the reminder table (the Orleans ADO.NET one) as <see cref="FailureTranslatingGrainStorage"/> wraps grain
/// storage: a grain that registers a reminder while the database refuses connections gets
/// <see cref="StorageUnavailableException"/>, which crosses grain calls, instead of Npgsql's exception, which has no
/// codec. Orleans' own exceptions (the table's ETag conflicts among them) pass unchanged.
/// </summary>
internal sealed class FailureTranslatingReminderTable(IReminderTable inner, ILogger logger) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync(() => inner.StartAsync(cancellationToken), "start");

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        TranslateAsync(() => inner.ReadRows(grainId), "read");

    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        TranslateAsync(() => inner.ReadRows(begin, end), "read");

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        TranslateAsync(() => inner.ReadRow(grainId, reminderName), "read");

    public Task<string?> UpsertRow(ReminderEntry entry) =>
        TranslateAsync(() => inner.UpsertRow(entry), "write");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        TranslateAsync(() => inner.RemoveRow(grainId, reminderName, eTag), "remove");

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    private async Task TranslateAsync(Func<Task> call, string operation)
    {
        try
        {
            await call();
        }
        catch (Exception ex) when (StorageFailures.MustWrap(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.Reminders, operation, logger);
        }
    }

    private async Task<T> TranslateAsync<T>(Func<Task<T>> call, string operation)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (StorageFailures.MustWrap(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.Reminders, operation, logger);
        }
    }
}
