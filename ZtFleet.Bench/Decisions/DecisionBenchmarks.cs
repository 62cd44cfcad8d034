using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ZtFleet.Policy.Access;

namespace ZtFleet.Bench.Decisions;

/// <summary>
/// In-process decisions on a plant of 10,000 assets and 2,000 identities (<see cref="DecisionWorkload"/>): the
/// allow, deny and step-up paths, each over 1,024 different requests per invocation. Goal: p50 ≤ 1 µs and no
/// allocation per decision. Run with <c>BenchmarkRunner.Run&lt;DecisionBenchmarks&gt;()</c>; for a quick figure
/// without BenchmarkDotNet, <see cref="DecisionQuick.Run"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class DecisionBenchmarks
{
    private const int Requests = 1_024;

    private DecisionWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = DecisionWorkload.Create(perPath: Requests);

    [Benchmark(OperationsPerInvoke = Requests)]
    public int Allow() => Run(_workload.Allow);

    [Benchmark(OperationsPerInvoke = Requests)]
    public int Deny() => Run(_workload.Deny);

    [Benchmark(OperationsPerInvoke = Requests)]
    public int StepUp() => Run(_workload.StepUp);

    private int Run(AccessRequest[] requests)
    {
        var snapshot = _workload.Snapshot;
        var allowed = 0;
        for (var i = 0; i < requests.Length; i++)
        {
            if (Engine.Decide(in requests[i], snapshot, DecisionWorkload.Now).IsAllowed)
            {
                allowed++;
            }
        }

        return allowed;
    }

    /// <summary>In-process (no generated project inheriting warnings-as-errors), short run, artifacts in the temp folder.</summary>
    internal sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            ArtifactsPath = Path.Combine(Path.GetTempPath(), "ztfleet-bench");
        }
    }
}
