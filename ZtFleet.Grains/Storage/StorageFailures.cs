using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ZtFleet.Grains.Storage;

/// <summary>
/// Turns what Npgsql and the ADO.NET providers throw into <see cref="StorageUnavailableException"/> (transient: retry)
/// or <see cref="StorageFailedException"/> (not transient), the only storage exceptions that may cross a grain call.
/// </summary>
public static partial class StorageFailures
{
    /// <summary>Store name of grain state (the Orleans ADO.NET grain storage).</summary>
    public const string GrainState = "grain-state";

    /// <summary>Store name of reminders (the Orleans ADO.NET reminder table).</summary>
    public const string Reminders = "reminders";

    /// <summary>Store name of the plant delta log.</summary>
    public const string DeltaLog = "delta-log";

    /// <summary>Store name of the audit log.</summary>
    public const string AuditLog = "audit-log";

    /// <summary>Store name of the enforcement points' acknowledgement history.</summary>
    public const string EnforcementAcknowledgements = "enforcement-acknowledgements";

    /// <summary>Store name of the detections.</summary>
    public const string Detections = "detections";

    /// <summary>Store name of the incidents.</summary>
    public const string Incidents = "incidents";

    /// <summary>Store name of the plants' observed flows.</summary>
    public const string ObservedFlows = "observed-flows";

    /// <summary>Store name of the export outbox.</summary>
    public const string ExportOutbox = "export-outbox";

    /// <summary>Store name of the fleet versions.</summary>
    public const string FleetVersions = "fleet-versions";

    /// <summary>Store name of the imported advisories and known vulnerabilities.</summary>
    public const string Vulnerabilities = "vulnerabilities";

    /// <summary>Store name of the compliance assessments and improvement action statuses.</summary>
    public const string Compliance = "compliance";

    // What passes without anyone changing anything: the server is starting, stopping or out of connections or memory,
    // the connection broke, or a transaction lost a race it can win on retry.
    private static readonly HashSet<string> TransientStates =
    [
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
        PostgresErrorCodes.QueryCanceled,
        PostgresErrorCodes.SerializationFailure,
        PostgresErrorCodes.DeadlockDetected,
        PostgresErrorCodes.LockNotAvailable,
    ];

    /// <summary>
    /// True for an exception raised by the database or the way to it (Npgsql, any ADO.NET provider, the socket, a
    /// timeout), and for a cancellation that carries one inside (Npgsql's): what <see cref="Translate"/> must replace.
    /// ZtFleet's own exceptions and argument errors are not.
    /// </summary>
    public static bool IsProviderFailure(Exception exception) =>
        exception is DbException or SocketException or IOException or TimeoutException
            or OperationCanceledException { InnerException: not null };

    /// <summary>
    /// True for what a storage decorator around an Orleans provider must replace: everything but Orleans' own
    /// exceptions (serialisable, and meaningful to Orleans: <c>InconsistentStateException</c>) and a plain
    /// cancellation. Anything else from a provider may lack a codec, so none crosses a grain call as it is.
    /// </summary>
    public static bool MustWrap(Exception exception) => exception switch
    {
        OrleansException => false,
        OperationCanceledException { InnerException: null } => false,
        _ => true,
    };

    /// <summary>True when retrying later can succeed without anyone changing anything.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        // Class 08: connection exceptions; class 53: insufficient resources (53300: too many connections).
        PostgresException postgres => postgres.IsTransient
            || TransientStates.Contains(postgres.SqlState)
            || postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
            || postgres.SqlState.StartsWith("53", StringComparison.Ordinal),

        // Refused or broken connections, and waiting too long for one (a pool that stays exhausted).
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        DbException db => db.IsTransient || db.InnerException is SocketException or IOException or TimeoutException,
        SocketException or IOException or TimeoutException => true,
        _ => false,
    };

    /// <summary>
    /// The exception to throw instead of <paramref name="exception"/>, which is logged here with its detail since
    /// the replacement carries none of it. A cancellation stays a cancellation, without the provider's inner
    /// exception.
    /// </summary>
    public static Exception Translate(Exception exception, string store, string operation, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        switch (exception)
        {
            case StorageUnavailableException or StorageFailedException:
                return exception;
            case OperationCanceledException cancelled:
                return cancelled.InnerException is null
                    ? cancelled
                    : new OperationCanceledException($"The {store} {operation} was cancelled.", cancelled.CancellationToken);
        }

        var sqlState = (exception as PostgresException)?.SqlState ?? (exception.InnerException as PostgresException)?.SqlState;
        var transient = IsTransient(exception);
        Diagnostics.ZtFleetMetrics.StorageErrors.Add(
            1, new KeyValuePair<string, object?>("store", store), new KeyValuePair<string, object?>("transient", transient));
        if (transient)
        {
            LogUnavailable(logger, exception, store, operation, sqlState);
            return new StorageUnavailableException(
                store,
                sqlState,
                $"The database is unavailable or overloaded ({store} {operation}{Code(sqlState)}); retry shortly.");
        }

        LogFailed(logger, exception, store, operation, sqlState);
        return new StorageFailedException(
            store,
            sqlState,
            $"The {store} {operation} failed{Code(sqlState)}; see the silo's log.");
    }

    private static string Code(string? sqlState) => sqlState is null ? string.Empty : $", SQLSTATE {sqlState}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable during {Store} {Operation} (SQLSTATE {SqlState}); callers are told to retry")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string store, string operation, string? sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Store} {Operation} failed (SQLSTATE {SqlState})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string store, string operation, string? sqlState);
}
