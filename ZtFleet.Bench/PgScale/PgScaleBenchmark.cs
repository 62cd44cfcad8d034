using System.Diagnostics;
using System.Globalization;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// <c>pg-scale</c>: the API path at design scale on PostgreSQL with real processes (issue 8, point 4). Each run starts
/// a throwaway PostgreSQL, two silos and the API as the AppHost runs them, drives the real gRPC API, and stops
/// everything again; the figures printed at the end are the median of the runs, beside every run's own.
/// </summary>
public static class PgScaleBenchmark
{
    public static Task<int> RunAsync(string[] args) => RunAsync(PgScaleOptions.From(Arguments.Parse(args)));

    public static async Task<int> RunAsync(PgScaleOptions options)
    {
        var productRoot = FindProductRoot();
        var binDirectory = ThrowawayPostgres.FindBinDirectory();
        var logRoot = options.LogFolder ?? Path.Combine("/tmp", $"ztfleet-pgscale-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(logRoot);

        using var cancel = new CancellationTokenSource();
        using var cleanup = new Cleanup(logRoot);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            Console.WriteLine("interrupted: stopping the processes and the server");
            cancel.Cancel();
        };
        EventHandler onExit = (_, _) => cleanup.KillEverything();
        Console.CancelKeyPress += onCancel;
        AppDomain.CurrentDomain.ProcessExit += onExit;
        try
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"pg-scale: {options.Runs} run(s); fleet of {options.Plants} plants x {options.AssetsPerPlant:N0} assets x {options.Zones} zones, {options.IdentitiesPerPlant} identities per plant; "
                + $"{options.WalChanges} locks/unlocks per plant size (small plant: {options.SmallPlantAssets} assets); {options.EnforcementPoints} watching points on {Math.Min(options.WatchedPlants, options.Plants)} plants, {options.PropagationRounds} rounds; "
                + $"{options.GrainAssets:N0} asset grains; PostgreSQL max_connections={options.PgMaxConnections}"));
            var generate = Stopwatch.StartNew();
            var fleet = new PgScaleFleet(options);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {fleet.Plants.Count} plants, {fleet.Plants.Sum(p => p.Assets.Count):N0} assets, {fleet.Identities:N0} identities in {generate.Elapsed.TotalSeconds:0.0} s"));

            var runs = new List<RunFigures>();
            string[] machine = [];
            try
            {
                for (var run = 1; run <= options.Runs && !cancel.IsCancellationRequested; run++)
                {
                    Console.WriteLine();
                    Console.WriteLine($"== run {run} of {options.Runs} ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
                    var started = Stopwatch.StartNew();
                    var figures = await new PgScaleRun(fleet, productRoot, Path.Combine(logRoot, $"run-{run}"), cleanup).RunAsync(binDirectory, cancel.Token);
                    figures.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"run took {started.Elapsed.TotalMinutes:0.0} min"));
                    runs.Add(figures);
                    if (machine.Length == 0)
                    {
                        machine = [.. MachineDescription.Describe(productRoot, PostgresVersion(binDirectory))];
                    }
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                // The run has stopped its processes and server on the way out; the finished runs are summarised.
            }

            Console.WriteLine();
            Console.WriteLine(Summary(options, runs, machine));
            return cancel.IsCancellationRequested ? 130 : runs.All(r => r.Failures.Count == 0) ? 0 : 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            AppDomain.CurrentDomain.ProcessExit -= onExit;
            Console.WriteLine($"process logs: {logRoot}");
        }
    }

    private static string Summary(PgScaleOptions options, List<RunFigures> runs, string[] machine) =>
        RunFigures.Summary(
            "pg-scale",
            string.Create(CultureInfo.InvariantCulture, $"scale: {options.Plants} plants x {options.AssetsPerPlant:N0} assets, {options.IdentitiesPerPlant * options.Plants:N0} identities"),
            RunFigures.Catalog,
            runs,
            machine);

    /// <summary>The repository root (the folder holding ZtFleet.sln) above the benchmark's binaries.</summary>
    internal static string FindProductRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ZtFleet.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no ZtFleet.sln above {AppContext.BaseDirectory}: run the benchmark from its build output in the repository");
    }

    internal static string PostgresVersion(string binDirectory)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Path.Combine(binDirectory, "postgres"), ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false });
            var text = process!.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return $"{text} ({binDirectory})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return binDirectory;
        }
    }
}
