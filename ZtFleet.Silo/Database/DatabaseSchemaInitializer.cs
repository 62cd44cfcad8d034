using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace ZtFleet.Silo.Database;

/// <summary>
/// Applies the database schema at the very first stage of the silo lifecycle, before membership, grain storage
/// or reminders touch the database, and fails the silo start if it cannot.
/// </summary>
/// <remarks>
/// A lifecycle stage rather than a hosted service: the order of hosted services depends on registration order
/// and on <c>HostOptions.ServicesStartConcurrently</c>; the silo lifecycle does not.
/// </remarks>
internal sealed class DatabaseSchemaInitializer(string connectionString, ILogger<DatabaseSchemaInitializer> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(
            nameof(DatabaseSchemaInitializer),
            ServiceLifecycleStage.First,
            ct => DatabaseSchema.ApplyAsync(connectionString, logger, ct));
}
