namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// The real Modbus/TCP peers (npm's modbus-serial): <c>plc.js</c> (a ServerTCP with holding registers, plus plain TCP
/// services) and <c>hmi.js</c> (a client driven by JSON commands). They are copied to the test output with their
/// package.json and package-lock.json; <c>npm ci</c> installs the locked packages there when node_modules is missing.
/// </summary>
internal static class ModbusPeers
{
    private static readonly SemaphoreSlim Installing = new(1, 1);

    /// <summary>The folder holding the scripts and their node_modules.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "modbus");

    public static string PlcScript => Path.Combine(Directory, "plc.js");

    public static string HmiScript => Path.Combine(Directory, "hmi.js");

    /// <summary>Installs the locked npm packages once (about a second from the registry).</summary>
    public static async Task InstallAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "modbus-serial")))
            {
                return;
            }

            await Task.Run(() => HostTools.Run(
                HostTools.Npm!, ["ci", "--omit=optional", "--no-audit", "--no-fund"], Directory, TimeSpan.FromMinutes(3)));
        }
        finally
        {
            Installing.Release();
        }
    }
}
