using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// What a quarantine request must meet, what it does to a quarantine already in force, how many approvers each step
/// needs and who may approve. Pure: the workflow grain asks, decides nothing itself.
/// </summary>
/// <remarks>
/// Safety-related assets are never cut automatically: their writes are restricted first (isolation only tightens a
/// write restriction in force), and every step on them needs the fleet's <c>safetyApprovers</c> (never fewer than
/// two) distinct people. Nobody approves a step they asked for, an approval counts once, and a playbook never
/// approves.
/// </remarks>
public static class QuarantineRules
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Every problem of a request to quarantine <paramref name="asset"/> of <paramref name="plant"/>, as field violations.</summary>
    public static IReadOnlyList<Violation> Check(PlantSpec plant, AssetId asset, QuarantineMode mode, IReadOnlyList<AssetId> accessFrom, string? reason)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(accessFrom);
        var violations = new List<Violation>();
        if (mode is not (QuarantineMode.RestrictWrites or QuarantineMode.Isolate))
        {
            violations.Add(new Violation("mode", "must be restrict-writes or isolate"));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            violations.Add(new Violation("reason", "is required"));
        }
        else if (reason.Length > MaxReasonLength)
        {
            violations.Add(new Violation("reason", $"is longer than {MaxReasonLength} characters"));
        }

        if (accessFrom.Count > 0 && mode != QuarantineMode.Isolate)
        {
            violations.Add(new Violation("access_from_asset_ids", "is the quarantine path of an isolated asset: only with mode isolate"));
        }

        var seen = new HashSet<AssetId>();
        for (var i = 0; i < accessFrom.Count; i++)
        {
            if (accessFrom[i] == asset)
            {
                violations.Add(new Violation($"access_from_asset_ids[{i}]", "is the quarantined asset itself"));
            }
            else if (!seen.Add(accessFrom[i]))
            {
                violations.Add(new Violation($"access_from_asset_ids[{i}]", $"'{accessFrom[i]}' is listed twice"));
            }
            else if (plant.Assets.All(a => a.Id != accessFrom[i]))
            {
                violations.Add(new Violation($"access_from_asset_ids[{i}]", $"'{accessFrom[i]}' is not an asset of plant '{plant.Id}'"));
            }
        }

        return violations;
    }

    /// <summary>
    /// Whether a quarantine of <paramref name="asset"/> in <paramref name="mode"/> may be asked for while
    /// <paramref name="current"/> is in force: null when it may (<paramref name="supersedes"/> is the quarantine it
    /// tightens, if any), else why not.
    /// </summary>
    public static string? Admit(AssetSpec asset, QuarantineMode mode, AssetQuarantine? current, out string? supersedes)
    {
        ArgumentNullException.ThrowIfNull(asset);
        supersedes = null;
        if (current is null)
        {
            return asset.SafetyRelated && mode == QuarantineMode.Isolate
                ? $"Asset '{asset.Id}' is safety-related: its writes are restricted first (restrict-writes); isolate only tightens a restrict-writes quarantine in force."
                : null;
        }

        if (current.Mode == QuarantineMode.RestrictWrites && mode == QuarantineMode.Isolate)
        {
            supersedes = current.Id;
            return null;
        }

        return $"Asset '{asset.Id}' is already in quarantine '{current.Id}' ({(current.Mode == QuarantineMode.Isolate ? "isolate" : "restrict-writes")}); one quarantine per asset: lift it first (only restrict-writes may be tightened to isolate).";
    }

    /// <summary>
    /// Distinct approvers a quarantine of an asset needs before it is in force: none for an ordinary asset (it takes
    /// effect at once), the fleet's <c>safetyApprovers</c> (at least two) for a safety-related one.
    /// </summary>
    public static int QuarantineApprovals(AssetSpec asset, FleetPolicy policy) => asset.SafetyRelated ? SafetyApprovals(policy) : 0;

    /// <summary>Distinct approvers lifting a quarantine needs: one, or the fleet's <c>safetyApprovers</c> for a safety-related asset.</summary>
    public static int LiftApprovals(bool safetyRelated, FleetPolicy policy) => safetyRelated ? SafetyApprovals(policy) : 1;

    /// <summary>
    /// Whether a quarantine expires by itself at <paramref name="now"/>, without a lift or its approvers: only one a
    /// playbook asked for with a time to live and put in force by itself (an ordinary asset's, which needed no
    /// approver), once the time to live has passed since it took effect. A quarantine people asked for, or one
    /// approvers put in force (a safety-related asset's), is lifted only through the lift and its approvals.
    /// </summary>
    /// <param name="requestedBy">Who asked for it.</param>
    /// <param name="timeToLive">The time to live it was asked with; null: none.</param>
    /// <param name="requiredApprovals">The approvals it needed to take effect (0: in force at once).</param>
    /// <param name="inForceSince">When it took effect; null: it is not in force.</param>
    /// <param name="now">The control plane's time.</param>
    public static bool Expires(QuarantineActorKind requestedBy, TimeSpan? timeToLive, int requiredApprovals, DateTimeOffset? inForceSince, DateTimeOffset now) =>
        requestedBy == QuarantineActorKind.Playbook
        && timeToLive is { } ttl && ttl > TimeSpan.Zero
        && requiredApprovals == 0
        && inForceSince is { } since
        && now >= since + ttl;

    /// <summary>
    /// Why <paramref name="approver"/> may not approve a step <paramref name="requester"/> asked for and
    /// <paramref name="approvedBy"/> approved already, or null when the approval counts.
    /// </summary>
    /// <param name="step">The step's name in the message (<c>quarantine</c>, <c>lift</c>).</param>
    public static ApprovalRefusal? RefuseApproval(QuarantineActorKind kind, string approver, string requester, IEnumerable<string> approvedBy, string step)
    {
        ArgumentNullException.ThrowIfNull(approvedBy);
        if (kind != QuarantineActorKind.Person)
        {
            return new ApprovalRefusal(ApprovalRefusalKind.NotAPerson, "Only a person approves or rejects a quarantine step; a playbook never does.");
        }

        if (string.Equals(approver, requester, StringComparison.Ordinal))
        {
            return new ApprovalRefusal(ApprovalRefusalKind.OwnRequest, $"Nobody approves a {step} they asked for: it needs another approver.");
        }

        return approvedBy.Contains(approver, StringComparer.Ordinal)
            ? new ApprovalRefusal(ApprovalRefusalKind.AlreadyApproved, $"'{approver}' already approved this {step}; an approval counts once, it needs a different approver.")
            : null;
    }

    /// <summary>
    /// The quarantines in force at <paramref name="plant"/>: one per asset (the last wins), only for assets the plant
    /// has, sorted by asset id. What a plant keeps after a new definition, and what every snapshot holds.
    /// </summary>
    public static IReadOnlyList<AssetQuarantine> InForce(IEnumerable<AssetQuarantine> quarantines, PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(quarantines);
        ArgumentNullException.ThrowIfNull(plant);
        var assets = plant.Assets.Select(a => a.Id).ToHashSet();
        var byAsset = new SortedDictionary<string, AssetQuarantine>(StringComparer.Ordinal);
        foreach (var quarantine in quarantines)
        {
            if (quarantine is not null && assets.Contains(quarantine.Asset))
            {
                byAsset[quarantine.Asset.Value] = quarantine;
            }
        }

        return [.. byAsset.Values];
    }

    /// <summary>
    /// The plant's quarantines once <paramref name="quarantine"/> is in force (in place of the one it
    /// <paramref name="supersedes"/>, if any), or null with <paramref name="refusal"/> saying why it cannot be: the
    /// plant's own check, whatever the workflow believed when it asked.
    /// </summary>
    public static IReadOnlyList<AssetQuarantine>? PutInForce(
        IReadOnlyCollection<AssetQuarantine> inForce, PlantSpec plant, AssetQuarantine quarantine, string? supersedes, out string? refusal)
    {
        ArgumentNullException.ThrowIfNull(inForce);
        ArgumentNullException.ThrowIfNull(quarantine);
        refusal = null;
        var existing = inForce.FirstOrDefault(q => q.Asset == quarantine.Asset);
        if (plant.Assets.All(a => a.Id != quarantine.Asset))
        {
            refusal = $"Asset '{quarantine.Asset}' is not an asset of plant '{plant.Id}'.";
        }
        else if (existing is not null && existing.Id != quarantine.Id && existing.Id != supersedes)
        {
            refusal = $"Asset '{quarantine.Asset}' is already in quarantine '{existing.Id}' ({existing.Mode}).";
        }
        else if (existing is null && supersedes is not null)
        {
            refusal = $"Quarantine '{supersedes}' of asset '{quarantine.Asset}' is no longer in force; nothing to tighten.";
        }

        return refusal is null ? InForce(inForce.Where(q => q.Asset != quarantine.Asset).Append(quarantine), plant) : null;
    }

    /// <summary>The plant's quarantines without quarantine <paramref name="id"/> of <paramref name="asset"/> (unchanged when it is not in force).</summary>
    public static IReadOnlyList<AssetQuarantine> Lift(IEnumerable<AssetQuarantine> inForce, PlantSpec plant, AssetId asset, string id) =>
        InForce(inForce.Where(q => !(q.Asset == asset && q.Id == id)), plant);

    private static int SafetyApprovals(FleetPolicy policy) => Math.Max(2, (policy ?? FleetPolicy.Default).SafetyApprovers);
}
