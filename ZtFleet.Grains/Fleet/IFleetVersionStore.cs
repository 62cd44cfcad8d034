using ZtFleet.Policy.Versions;

namespace ZtFleet.Grains.Fleet;

/// <summary>
/// Where fleet versions are kept (<c>db/0008_fleet_versions.sql</c>; docs/fleet-versions.md), outside grain state.
/// The fleet grain is the only writer. A version is written in two steps that follow the apply's own two phases: it
/// is <em>staged</em> before the apply is decided (invisible), and <em>recorded</em> by the commit round once the
/// decision is durable, before the apply stops being pending. Readers see recorded versions only, so a decided apply
/// always ends with its version and an apply that was never decided never has one.
/// </summary>
public interface IFleetVersionStore
{
    /// <summary>
    /// Stages <paramref name="version"/> (invisible) under its apply id; staging the same apply again replaces it.
    /// Its document is the concatenation of the parts <paramref name="parts"/> (hashes, in order); a part's text is
    /// kept once (content-addressed): <paramref name="newParts"/> holds the texts of the parts the store may not
    /// have yet, and every other listed part must already be stored.
    /// </summary>
    Task StageAsync(FleetVersion version, IReadOnlyList<string> parts, IReadOnlyList<FleetDocumentPart> newParts, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the staged version of <paramref name="applyId"/> visible, and drops staged versions of applies that were
    /// never decided with a number up to its own. Idempotent: recording a recorded version changes nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is staged for the apply, or another apply holds its number.</exception>
    Task RecordAsync(Guid applyId, CancellationToken cancellationToken = default);

    /// <summary>Recorded versions newest first: at most <paramref name="limit"/> numbered below <paramref name="before"/> (null: from the newest).</summary>
    Task<FleetVersionPage> ListAsync(long? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Recorded version <paramref name="number"/> with its document, assembled from its parts; null when there is none.</summary>
    Task<FleetVersionDocument?> GetAsync(long number, CancellationToken cancellationToken = default);
}
