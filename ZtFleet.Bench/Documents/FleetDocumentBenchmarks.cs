using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.Documents;

/// <summary>
/// What <c>FleetService/ApplyFleet</c> does with a plant of the design scale (10,000 assets, 50 zones) before any
/// grain is called: parse and validate the YAML, validate the model, diff it against the current fleet, and write it
/// back (export).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessShortRun))]
public class FleetDocumentBenchmarks
{
    private string _yaml = string.Empty;
    private FleetDocument _document = null!;
    private FleetDocument _sameContent = null!;

    [GlobalSetup]
    public void Setup()
    {
        _document = SyntheticFleet.Generate(plants: 1, zonesPerPlant: 50, assetsPerPlant: 10_000, identities: 1_000, seed: 42);
        _yaml = FleetDocumentWriter.ToYaml(_document);
        _sameContent = FleetDocumentReader.Read(_yaml).Document!;
    }

    [Benchmark]
    public FleetDocumentResult ReadYaml() => FleetDocumentReader.Read(_yaml);

    [Benchmark]
    public IReadOnlyList<Violation> Validate() => FleetDocumentValidator.Validate(_document);

    [Benchmark]
    public IReadOnlyList<EntityChange> DiffUnchanged() => FleetDiff.Compute(_document, _sameContent, prune: true);

    [Benchmark]
    public string WriteYaml() => FleetDocumentWriter.ToYaml(_document);

    /// <summary>
    /// In-process: no generated project to build (it would inherit the repository's warnings-as-errors), and the
    /// short run keeps <c>bench/run</c> to minutes. Artifacts go to the temp folder, not into the repository.
    /// BenchmarkDotNet adds its default loggers, columns and exporters to this.
    /// </summary>
    internal sealed class InProcessShortRun : ManualConfig
    {
        public InProcessShortRun()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
            ArtifactsPath = Path.Combine(Path.GetTempPath(), "ztfleet-bench");
        }
    }
}
