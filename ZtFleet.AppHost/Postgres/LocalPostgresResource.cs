using Aspire.Hosting.ApplicationModel;

namespace ZtFleet.AppHost.Postgres;

/// <summary>
/// The locally installed PostgreSQL server run as an executable (no container runtime needed), exposing the
/// connection string of the ZtFleet database as <c>ConnectionStrings__{name}</c> to what references it.
/// </summary>
/// <remarks>
/// The server listens on 127.0.0.1 only, without Unix sockets, and trusts local connections: it is a
/// developer's throwaway cluster. Production points the silos at a managed server through configuration.
/// </remarks>
internal sealed class LocalPostgresResource(
    string name, string command, string workingDirectory, string dataDirectory, int port, string database)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "postgres";

    public string DataDirectory { get; } = dataDirectory;

    public int Port { get; } = port;

    public string Database { get; } = database;

    /// <summary>The database the silos and the API use.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={UserName};Database={Database}";

    /// <summary>The always-present <c>postgres</c> database, from which the ZtFleet database is created.</summary>
    public string MaintenanceConnectionString =>
        $"Host=127.0.0.1;Port={Port};Username={UserName};Database=postgres;Timeout=3;Pooling=false";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{ConnectionString}");
}
