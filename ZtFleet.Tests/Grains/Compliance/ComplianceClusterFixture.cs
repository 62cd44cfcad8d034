using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using ZtFleet.Grains.Compliance;
using ZtFleet.Grains.Vulnerabilities;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Tests.Grains.Compliance;

/// <summary>
/// A cluster of its own for compliance assessments: they read the fleet-wide response and compliance settings, which
/// the demo fleet sets, so they must not share a fleet with other grain tests. One known vulnerability of high severity
/// is seeded on the Berlin demo plant's press PLC.
/// </summary>
public sealed class ComplianceClusterFixture : IAsyncLifetime, ITestClusterSetup
{
    public static FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    public static readonly KnownVulnerability PressPlcCve = new(
        PlantId.Parse("berlin"), AssetId.Parse("plc-p1"), "CVE-2024-00001", "SSA-000001", "Siemens", 9.8, "SIMATIC S7-1500", "Update to V3.1", Time.GetUtcNow().AddDays(-40));

    public TestCluster Cluster { get; } = TestClusters.Build<ComplianceClusterFixture>();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public IComplianceAssessor Assessor =>
        ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services.GetRequiredService<IComplianceAssessor>();

    public static void AddServices(IServiceCollection services) =>
        services.AddSingleton<IVulnerabilityStore>(new FixedVulnerabilities([PressPlcCve]));

    public Task InitializeAsync() => Cluster.DeployAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>
    /// A fixed list of known vulnerabilities with no advisories behind it: the re-matching an apply starts (which would
    /// replace a plant's matches with those of the stored advisories, none here) leaves the seeded list as it is.
    /// </summary>
    private sealed class FixedVulnerabilities(IReadOnlyList<KnownVulnerability> known) : IVulnerabilityStore
    {
        public Task<IReadOnlyList<KnownVulnerability>> ListAsync(PlantId plant, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<KnownVulnerability>>(known.Where(v => v.Plant == plant).ToList());

        public Task<AdvisoryRecord?> GetAdvisoryAsync(string publisherNamespace, string id, CancellationToken cancellationToken = default) =>
            Task.FromResult<AdvisoryRecord?>(null);

        public Task<IReadOnlyList<AdvisoryRecord>> ListAdvisoriesAsync(bool withDocuments, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<AdvisoryRecord>>([]);

        public Task SaveAdvisoryAsync(AdvisoryRecord advisory, IReadOnlyList<KnownVulnerability> matches, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;

        public Task ReplacePlantAsync(PlantId plant, IReadOnlyList<KnownVulnerability> matches, CancellationToken cancellationToken = default) =>
            Task.CompletedTask;
    }
}
