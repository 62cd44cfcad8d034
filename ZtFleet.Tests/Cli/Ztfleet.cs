using System.Diagnostics;
using Grpc.Core;

namespace ZtFleet.Tests.Cli;

/// <summary>
/// Runs the built <c>ztfleet</c> (copied beside the tests by the project reference) as a process, as a user's shell
/// would: its own configuration file in a temporary folder, stdout and stderr captured, stdin closed (or given).
/// </summary>
internal sealed class Ztfleet : IDisposable
{
    private readonly DirectoryInfo _home = Directory.CreateTempSubdirectory("ztfleet-cli-");

    /// <summary>The configuration file the CLI reads and writes (<c>ZTFLEET_CONFIG</c>).</summary>
    public string ConfigPath => Path.Combine(_home.FullName, "config", "config.json");

    /// <summary>Environment variables set for every run (e.g. ZTFLEET_SERVER, ZTFLEET_TOKEN).</summary>
    public Dictionary<string, string> Environment { get; } = [];

    public string Folder => _home.FullName;

    /// <summary>The bearer token in call options the test server issued.</summary>
    public static string TokenOf(CallOptions options) => options.Headers!.GetValue("authorization")!["Bearer ".Length..];

    public async Task<CliRun> RunAsync(params string[] arguments) => await RunAsync(arguments, stdin: null);

    public async Task<CliRun> RunAsync(string[] arguments, string? stdin, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ztfleet.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("ZTFLEET_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["ZTFLEET_CONFIG"] = ConfigPath;
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ztfleet {string.Join(' ', arguments)} did not finish: {await output}{await error}");
        }

        return new CliRun(arguments, process.ExitCode, await output, await error);
    }

    /// <summary>Writes a file in the temporary folder and returns its path.</summary>
    public string WriteFile(string name, string text)
    {
        var path = Path.Combine(_home.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _home.Delete(recursive: true);
}
