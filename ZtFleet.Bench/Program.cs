using BenchmarkDotNet.Running;
using ZtFleet.Bench;
using ZtFleet.Bench.Documents;
using ZtFleet.Bench.Generation;
using ZtFleet.Bench.Inventory;

// dotnet run -c Release --project ZtFleet.Bench -- <command> [--option value ...]
//   generate   writes a synthetic fleet document (YAML)
//   inventory  applies a generated fleet to an in-process silo and measures time and memory
//   documents  BenchmarkDotNet: read, validate, diff and write a plant of 10,000 assets
//   decisions  in-process decisions (p50/p99 ns, bytes allocated per decision); decisions-bdn: BenchmarkDotNet
try
{
    var arguments = Arguments.Parse(args);
    return arguments.Command switch
    {
        "generate" => GenerateCommand.Run(arguments),
        "inventory" => await InventoryBenchmark.RunAsync(InventoryOptions.From(arguments)),
        "documents" => BenchmarkRunner.Run<FleetDocumentBenchmarks>().HasCriticalValidationErrors ? 1 : 0,
        "decisions" => ZtFleet.Bench.Decisions.DecisionQuick.Run(args),
        "check" when arguments.Flag("denials") => await ZtFleet.Bench.Decisions.DenialAuditBenchmark.RunAsync(TimeSpan.FromSeconds(arguments.Int("seconds", 5)), arguments.Int("calls", 10_000)),
        "check" => await ZtFleet.Bench.Decisions.CheckOverGrpcBenchmark.RunAsync(TimeSpan.FromSeconds(arguments.Int("seconds", 5)), arguments.Int("calls", 10_000)),
        "revocation" => await ZtFleet.Bench.Propagation.RevocationBenchmark.RunAsync(args),
        "rulesets" => ZtFleet.Bench.Segmentation.RulesetCompileBenchmark.Run(arguments),
        "quarantine" => await ZtFleet.Bench.Segmentation.QuarantineApplyBenchmark.RunAsync(arguments),
        "pg-scale" => await ZtFleet.Bench.PgScale.PgScaleBenchmark.RunAsync(args),
        "telemetry" => await ZtFleet.Bench.Telemetry.TelemetryBenchmark.RunAsync(ZtFleet.Bench.Telemetry.TelemetryOptions.From(arguments)),
        "response" => await ZtFleet.Bench.Response.ResponseBenchmark.RunAsync(ZtFleet.Bench.Response.ResponseOptions.From(arguments)),
        "export" => await ZtFleet.Bench.Export.ExportBenchmark.RunAsync(ZtFleet.Bench.Export.ExportBenchOptions.From(arguments)),
        "decisions-bdn" => BenchmarkRunner.Run<ZtFleet.Bench.Decisions.DecisionBenchmarks>().HasCriticalValidationErrors ? 1 : 0,
        _ => Usage(arguments.Command is null ? null : $"unknown command '{arguments.Command}'"),
    };
}
catch (ArgumentException e)
{
    return Usage(e.Message);
}

static int Usage(string? error)
{
    if (error is not null)
    {
        Console.Error.WriteLine($"error: {error}");
    }

    Console.Error.WriteLine("""
        usage: ZtFleet.Bench <command> [options]

          generate   --plants 3 --zones 10 --assets 500 --identities 100 [--seed 42] [--out fleet.yaml]
                     Writes a synthetic fleet document that validates with zero violations (stdout without --out).

          inventory  [--plants 100] [--zones 50] [--assets-per-plant 10000] [--identities 50000] [--seed 42]
                     [--grain-assets 100000] [--skip-apply] [--skip-grain-memory]
                     [--apply-timeout-minutes 30] [--max-memory-gb 22]
                     (a) applies the generated fleet to an in-process silo (memory storage) twice and reports wall
                     time, peak memory and the no-change re-apply; (b) measures heap per activated asset grain.

          documents  BenchmarkDotNet (in-process, short run): read, validate, diff and write one plant of 10,000 assets.

          decisions  [--decisions N] in-process Engine.Decide on a plant of 10,000 assets and 2,000 identities:
                     p50/p99 per decision and bytes allocated (allow, deny, step-up). decisions-bdn: the same in
                     BenchmarkDotNet.

          revocation [--peps 1000] [--plants 10] [--rounds 5] [--channels N] [--checkers N] [--stream-poll-ms N] [--no-ack]
                     1,000 watching enforcement points across 10 plants on loopback: time from a lock being
                     acknowledged to each point receiving it (p50/p99/max), and allows seen after the acknowledgement.

          rulesets   [--zones 50] [--conduits 200] [--assets 10000] [--runs 15]
                     Ruleset compile time for one plant (nftables with and without a Modbus proxy, JSON ACL, whole
                     plant and zone by zone) with quarantines in force, median of the runs; nft --check of the result.

          quarantine [--rounds 10]
                     The real stack in this process (silo, API, ZtFleet.Agent's services): time from QuarantineAsset
                     returning to the agent having applied the recompiled ruleset (nft -f in a network namespace
                     the benchmark makes, as root; otherwise verified and acknowledged only, and it says so).

          response   [--quick] [--runs 3] [--cells 4] [--plcs-per-cell 100] [--probes 300]
          telemetry  [--quick] [--runs 3] [--cells 10] [--plcs-per-cell 100] [--senders 4] [--batch 1000] [--in-flight 4]
                     [--warmup-seconds 15] [--seconds 30] [--detection-probes 200] [--trust-probes 100] [--pg-max-connections 200] [--logs FOLDER]
                     Ingestion and detection on PostgreSQL with real processes (two silos, the API): events/s into the
                     API with detections running, event -> detection stored p50/p99, event -> trust tier change -> a
                     watching point's Check denies p50/p99, heap and stored size of a PLC's baseline; median of the runs.

          export     [--quick] [--runs 3] [--records 200000] [--kill-records 100000] [--batch 1000] [--message ocsf|sentence]
                     [--append-seconds 5] [--appenders 4] [--pg-max-connections 200] [--logs FOLDER]
                     The SIEM export on PostgreSQL with real processes (two silos, the API exporting to the benchmark's
                     counting syslog TCP receiver): outbox append cost, outbox -> receiver records/s, and a SIGKILL of
                     the API mid-stream (missing must be 0; duplicates and order per plant counted); median of the runs.

          pg-scale   [--quick] [--runs 3] [--plants 100] [--assets-per-plant 10000] [--zones 50] [--identities-per-plant 500]
                     [--small-plant-assets 100] [--wal-changes 100] [--peps 1000] [--watched-plants 10] [--rounds 5]
                     [--grain-assets 100000] [--grain-activate-minutes 10] [--apply-timeout-minutes 10] [--fleet-timeout-minutes 60]
                     [--pg-max-connections 300] [--seed 42] [--logs FOLDER]
                     The API path on PostgreSQL with real processes: a throwaway PostgreSQL, two ZtFleet.Silo and one
                     ZtFleet.Api process (Release builds, configured as the AppHost configures them). Per run: one
                     plant by ApplyFleet and again unchanged, the same assets by ImportAssetsCsv, the fleet plant by
                     plant (time, peak RSS per silo, database size), WAL and latency per lock/unlock on a large and a
                     small plant, lock acknowledged -> received by watching points, silo heap per asset grain.
                     Prints every run and the median. --quick: 2 plants x 2,000 assets, 1 run, a few minutes.

          check      [--seconds 5] [--calls 10000] DecisionService/Check over gRPC on loopback beside a raw gRPC
                     echo in the same run: p50/p99 with one caller, calls/s with 64 callers, and the ratios.
                     --denials: only denials, with and without the batched denial audit writer (two APIs on one
                     silo, alternating rounds): p50/p99, calls/s at 64 callers, ratios, what the writer wrote/dropped.
        """);
    return error is null ? 0 : 2;
}
