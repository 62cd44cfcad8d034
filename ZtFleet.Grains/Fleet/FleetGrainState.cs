using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Cacao;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Fleet;

/// <summary>Persisted state of the fleet grain: the registry and an apply that must still be committed.</summary>
[GenerateSerializer, Alias("ztfleet.FleetGrainState")]
public sealed class FleetGrainState
{
    [Id(0)]
    public string Name { get; set; } = string.Empty;

    [Id(1)]
    public long Generation { get; set; }

    [Id(2)]
    public List<PlantId> Plants { get; set; } = [];

    [Id(3)]
    public List<IdentityId> Identities { get; set; } = [];

    /// <summary>The fleet's role definitions.</summary>
    [Id(5)]
    public List<RoleSpec> Roles { get; set; } = [];

    /// <summary>The fleet's access policy; null = the defaults.</summary>
    [Id(6)]
    public FleetPolicy? Policy { get; set; }

    /// <summary>The fleet's trust settings (<c>trust:</c>); null = the defaults.</summary>
    [Id(8)]
    public TrustSettings? Trust { get; set; }

    /// <summary>The fleet's response settings and playbooks (<c>response:</c>); null = the defaults (no playbooks).</summary>
    [Id(9)]
    public ResponseSettings? Response { get; set; }

    /// <summary>The fleet's attestations (<c>compliance:</c>); null = none.</summary>
    [Id(11)]
    public ComplianceSettings? Compliance { get; set; }

    /// <summary>When each applied playbook was added and last changed (CACAO created/modified), sorted by id.</summary>
    [Id(10)]
    public List<PlaybookStamp> PlaybookStamps { get; set; } = [];

    /// <summary>Set once every target staged its change; cleared once every target committed it.</summary>
    [Id(4)]
    public PendingApply? Pending { get; set; }

    /// <summary>The statuses of the last applies, newest last (bounded by <see cref="FleetCommitOptions.StatusesKept"/>).</summary>
    [Id(7)]
    public List<FleetApplyStatus> Applies { get; set; } = [];
}
