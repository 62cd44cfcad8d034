using Orleans.Concurrency;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Response.Cacao;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// The fleet: the registry of plants and identities and the entry point of every fleet document.
/// There is one, keyed <see cref="Hosting.GrainKeys.Fleet"/>.
/// </summary>
[Alias("ztfleet.IFleetGrain")]
public interface IFleetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="desired"/> against the whole resulting fleet, computes the exact diff and, unless
    /// it is a dry run, applies it to every plant and identity it touches: all of it or nothing.
    /// </summary>
    /// <remarks>
    /// Once every plant and identity has staged the change the apply is decided and always finishes: the answer is
    /// <see cref="FleetApplyState.Committed"/>, or <see cref="FleetApplyState.Committing"/> when some could not
    /// commit yet and the grain keeps committing them on its own. The same document sent again meanwhile returns
    /// that apply; a different one is refused.
    /// </remarks>
    /// <exception cref="Refusals.ConflictException">
    /// A different apply is still being committed; nothing changed (<see cref="FleetApplyRefusals.Committing"/>).
    /// </exception>
    Task<FleetApplyResult> ApplyAsync(FleetDocument desired, FleetApplyOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// The current fleet as a document (what <see cref="ApplyAsync"/> compares against): the last decided one, which
    /// some plants may still be committing (<see cref="FleetOverview.CommittingApplyId"/> says so).
    /// </summary>
    /// <exception cref="Refusals.TemporarilyUnavailableException">
    /// The grain was reactivated while an apply was still committing and cannot tell the decided document until it
    /// has committed (<see cref="FleetApplyRefusals.StillCommitting"/>).
    /// </exception>
    Task<FleetDocument> ExportAsync(CancellationToken cancellationToken = default);

    /// <summary>Plants and identities known to the fleet, and the generation of the last applied document.</summary>
    /// <remarks>Interleaves with a running apply: it reads memory only, and must answer while a commit retries.</remarks>
    [AlwaysInterleave]
    Task<FleetOverview> GetOverviewAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The fleet's response settings in force (the <c>response:</c> section of the last decided document, or
    /// <see cref="ResponseSettings.Default"/> when none was applied): every playbook, the correlation window and the
    /// automatic actions per plant and hour. A plant's own share (the playbooks whose scope admits it) travels in its
    /// <c>PlantDefinition.EffectiveResponse</c>.
    /// </summary>
    /// <remarks>Interleaves with a running apply, like <see cref="GetOverviewAsync"/>: it reads memory only.</remarks>
    [AlwaysInterleave]
    Task<ResponseSettings> GetResponseSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The fleet's attestations in force (the <c>compliance:</c> section of the last decided document, or none), what
    /// compliance assessments read for requirements ZtFleet cannot observe.
    /// </summary>
    /// <remarks>Interleaves with a running apply, like <see cref="GetOverviewAsync"/>: it reads memory only.</remarks>
    [AlwaysInterleave]
    Task<ComplianceSettings> GetComplianceSettingsAsync(CancellationToken cancellationToken = default);

    /// <summary>When each applied playbook was added and last changed (CACAO <c>created</c>/<c>modified</c>), sorted by id.</summary>
    /// <remarks>Interleaves with a running apply, like <see cref="GetOverviewAsync"/>.</remarks>
    [AlwaysInterleave]
    Task<IReadOnlyList<PlaybookStamp>> GetPlaybookStampsAsync(CancellationToken cancellationToken = default);

    /// <summary>How far apply <paramref name="applyId"/> has got; null when it is not among the last ones kept.</summary>
    /// <remarks>Interleaves with a running apply, like <see cref="GetOverviewAsync"/>.</remarks>
    [AlwaysInterleave]
    Task<FleetApplyStatus?> GetApplyStatusAsync(Guid applyId, CancellationToken cancellationToken = default);
}
