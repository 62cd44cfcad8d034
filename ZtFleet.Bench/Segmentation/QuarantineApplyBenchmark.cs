extern alias agent;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using agent::ZtFleet.Agent.Hosting;
using agent::ZtFleet.Agent.Rulesets;
using agent::ZtFleet.Agent.State;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Generation;
using ZtFleet.Bench.Propagation;
using ZtFleet.Policy.Inventory;
using AssetType = ZtFleet.Policy.Inventory.AssetType;
using ZoneKind = ZtFleet.Policy.Inventory.ZoneKind;

namespace ZtFleet.Bench.Segmentation;

/// <summary>
/// From a quarantine being acknowledged (<c>QuarantineService/QuarantineAsset</c> returned: the change is in the
/// plant's log) to the reference agent having applied the recompiled ruleset with nftables (issue 4 point 8).
/// </summary>
/// <remarks>
/// The real stack in one process: a silo, the API on loopback, and <c>ZtFleet.Agent</c>'s own services (enrollment,
/// Watch with nftables rulesets, installer, acknowledgement). As root with <c>ip</c> and <c>nft</c>, the agent applies
/// into a network namespace the benchmark makes and removes (through a wrapper around <c>nft</c>); otherwise it
/// verifies and acknowledges without applying, and the benchmark says so. The plant has 50 zones, 200 conduits and
/// 10,000 assets; the gateway guards the cell whose PLCs are quarantined one after the other.
/// </remarks>
internal static class QuarantineApplyBenchmark
{
    public static async Task<int> RunAsync(Arguments arguments)
    {
        var rounds = arguments.Int("rounds", 10);
        var plant = RulesetCompileBenchmark.WithConduits(SyntheticFleet.Generate(1, 50, 10_000, 20, 42).Plants[0], 200);
        var cell = plant.Zones.Where(z => z.Kind == ZoneKind.OtControl)
            .OrderByDescending(z => plant.Assets.Count(a => a.Zone == z.Id && a.Type == AssetType.Plc && !a.SafetyRelated))
            .First().Id;
        var targets = plant.Assets.Where(a => a.Zone == cell && a.Type == AssetType.Plc && !a.SafetyRelated).Take(rounds).ToList();
        var document = FleetDocumentWriter.ToYaml(new FleetDocument("Quarantine bench", [plant], [], null));

        using var namespaceScope = NetworkNamespace.TryCreate();
        var work = Directory.CreateTempSubdirectory("ztfleet-quarantine-bench-");
        await using var plane = await LoopbackControlPlane.StartAsync(null);
        using var channel = plane.OpenChannel();
        var admin = new CallOptions(new Metadata { { "authorization", $"Bearer {plane.Tokens.Issue("bench-admin", Role.FleetAdmin, [], TimeSpan.FromHours(1))}" } });
        try
        {
            var setup = Stopwatch.StartNew();
            await new FleetService.FleetServiceClient(channel).ApplyFleetAsync(new ApplyFleetRequest { Document = document }, admin);
            var enforcement = new EnforcementService.EnforcementServiceClient(channel);
            var tokenRequest = new CreateEnrollmentTokenRequest { EnforcementPointId = "bench-gw", PlantId = plant.Id.Value, Name = "bench gateway" };
            tokenRequest.ZoneIds.Add(cell.Value);
            var token = await enforcement.CreateEnrollmentTokenAsync(tokenRequest, admin);

            var applied = new ConcurrentQueue<(string FirstLine, long Ticks)>();
            var state = new StateDirectory(Path.Combine(work.FullName, "agent"));
            IRulesetApplier inner = namespaceScope is { } ns
                ? new NftablesApplier(state, ns.NftWrapper, NullLogger<NftablesApplier>.Instance)
                : new LoggingApplier(NullLogger<LoggingApplier>.Instance);
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            AgentHost.AddAgent(builder.Services, new AgentOptions { Api = plane.Address, StateDirectory = state.Path, EnrollmentToken = token.EnrollmentToken }, state);
            builder.Services.AddSingleton<IRulesetApplier>(new RecordingApplier(inner, applied));
            using var agentHost = builder.Build();
            await agentHost.StartAsync();

            // The agent starts fail-closed (nothing stored yet); the first ruleset from the control plane arrives with
            // the watch, and the agent has caught up once it is applied.
            await WaitAsync(() => applied.Any(a => a.FirstLine.StartsWith("# ZtFleet ruleset:", StringComparison.Ordinal)), TimeSpan.FromMinutes(3), "the agent's first ruleset");
            Console.WriteLine(Invariant($"setup {setup.Elapsed.TotalSeconds:0.0} s: plant of {plant.Zones.Count} zones, {plant.Conduits.Count} conduits, {plant.Assets.Count:N0} assets; gateway guards {cell}; agent applies with {(namespaceScope is null ? "no nftables (not root, or ip/nft missing): verified and acknowledged only" : "nft -f in its own network namespace")}"));

            var quarantines = new QuarantineService.QuarantineServiceClient(channel);
            var latencies = new List<double>();
            for (var round = 0; round < targets.Count; round++)
            {
                var request = new QuarantineAssetRequest
                {
                    QuarantineId = Invariant($"bench-{round}"),
                    PlantId = plant.Id.Value,
                    AssetId = targets[round].Id.Value,
                    Mode = QuarantineMode.Isolate,
                    Reason = "benchmark",
                };
                var response = await quarantines.QuarantineAssetAsync(request, admin);
                var acknowledged = Stopwatch.GetTimestamp();
                var marker = Invariant($", epoch {response.Epoch}.");
                (string FirstLine, long Ticks) hit = default;
                await WaitAsync(() => applied.Any(a => a.FirstLine.EndsWith(marker, StringComparison.Ordinal) && (hit = a).Ticks > 0), TimeSpan.FromSeconds(30), $"the ruleset of epoch {response.Epoch}");
                var ms = Stopwatch.GetElapsedTime(acknowledged, hit.Ticks).TotalMilliseconds;
                latencies.Add(Math.Max(0, ms));
                Console.WriteLine(Invariant($"  quarantine {round + 1,2} of {targets[round].Id} (epoch {response.Epoch}): applied {ms,7:0.0} ms after the acknowledgement"));
            }

            latencies.Sort();
            Console.WriteLine(Invariant($"quarantine acknowledged -> agent applied: p50 {latencies[latencies.Count / 2]:0.0} ms, max {latencies[^1]:0.0} ms over {latencies.Count} quarantines"));
            await agentHost.StopAsync();
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task WaitAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:0} s for {what}");
            }

            await Task.Delay(1);
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Applies through the agent's applier and notes when each ruleset was in force.</summary>
    private sealed class RecordingApplier(IRulesetApplier inner, ConcurrentQueue<(string FirstLine, long Ticks)> applied) : IRulesetApplier
    {
        public async Task ApplyAsync(string text, CancellationToken cancellationToken)
        {
            await inner.ApplyAsync(text, cancellationToken);
            applied.Enqueue((text[..text.IndexOf('\n', StringComparison.Ordinal)], Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>A network namespace for the agent's nftables, and a wrapper that runs <c>nft</c> inside it.</summary>
    private sealed class NetworkNamespace : IDisposable
    {
        private readonly string _name;
        private readonly string _folder;

        private NetworkNamespace(string name, string folder)
        {
            _name = name;
            _folder = folder;
            NftWrapper = Path.Combine(folder, "nft");
        }

        public string NftWrapper { get; }

        public static NetworkNamespace? TryCreate()
        {
            var nft = new[] { "/usr/sbin/nft", "/sbin/nft" }.FirstOrDefault(File.Exists);
            var ip = new[] { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" }.FirstOrDefault(File.Exists);
            if (nft is null || ip is null || Environment.UserName != "root" || !OperatingSystem.IsLinux())
            {
                return null;
            }

            var name = Invariant($"ztbench-{Environment.ProcessId}");
            if (Run(ip, ["netns", "add", name]) != 0)
            {
                return null;
            }

            var folder = Directory.CreateTempSubdirectory("ztfleet-nft-").FullName;
            var scope = new NetworkNamespace(name, folder);
            File.WriteAllText(scope.NftWrapper, $"#!/bin/sh\nexec {ip} netns exec {name} {nft} \"$@\"\n");
            File.SetUnixFileMode(scope.NftWrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return scope;
        }

        public void Dispose()
        {
            Run("ip", ["netns", "del", _name]);
            Directory.Delete(_folder, recursive: true);
        }

        private static int Run(string file, string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
