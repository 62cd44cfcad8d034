namespace ZtFleet.AppHost.Postgres;

/// <summary>
/// How the AppHost runs the locally installed PostgreSQL server (section <c>ZtFleet:Postgres</c>).
/// </summary>
internal sealed class LocalPostgresOptions
{
    public const string SectionName = "ZtFleet:Postgres";

    /// <summary>False runs the cluster in memory even where PostgreSQL is installed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder holding <c>postgres</c> and <c>initdb</c>; empty searches PATH and the usual install folders.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>
    /// The cluster's data folder, kept between runs; empty picks <see cref="DefaultDataDirectory"/>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>TCP port on 127.0.0.1; fixed so that psql and other tools find the server run after run.</summary>
    public int Port { get; set; } = 55432;

    /// <summary>
    /// The server's <c>max_connections</c>. Each silo opens at most 2 × 20 connections (two Npgsql pools of
    /// <c>ZtFleet:Database:MaxPoolSize</c> 20) and the API at most 4: two silos and the API need 84, and the server
    /// keeps 3 more for superusers. 150 leaves 63 for psql, the AppHost's health check and a third silo (docs/persistence.md).
    /// </summary>
    public int MaxConnections { get; set; } = 150;

    /// <summary>The database the silos and the API use; created when missing.</summary>
    public string Database { get; set; } = "ztfleet";

    /// <summary>
    /// As root the server runs as the <c>postgres</c> OS user, which must be able to traverse every parent of the data
    /// folder: root's home (mode 700) does not qualify, <c>/var/lib</c> does. As anyone else it runs as that user.
    /// </summary>
    public static string DefaultDataDirectory(bool runningAsRoot) =>
        runningAsRoot
            ? "/var/lib/ztfleet/postgres"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ztfleet", "postgres");
}
