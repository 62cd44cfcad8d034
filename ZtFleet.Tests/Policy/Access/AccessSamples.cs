using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>Snapshots and requests for the engine and snapshot tests, built on the decision case file's fleet.</summary>
internal static class AccessSamples
{
    public static readonly TimeSpan Winter = TimeSpan.FromHours(1);

    /// <summary>Tuesday 10 March 2026, 23:00 in Berlin: the night shift is on.</summary>
    public static readonly DateTimeOffset Night = new(2026, 3, 10, 23, 0, 0, TimeSpan.FromHours(1));

    private static readonly Lazy<DecisionCaseFile> Cases = new(() => DecisionCaseFile.Load("berlin-decisions.yaml"));

    public static PlantSnapshot Snapshot() => Cases.Value.Snapshot();

    public static FleetDocument Fleet() => FleetDocumentReader.Read(Cases.Value.Fleet).Document!;

    public static AccessRequest Asset(string subject, string asset, Operation operation, bool emergency = false) =>
        new(IdentityId.Parse(subject), AssetId.Parse(asset), null, operation, emergency);

    public static AccessRequest Zone(string subject, string zone, Operation operation) =>
        new(IdentityId.Parse(subject), null, ZoneId.Parse(zone), operation);

    public static IdentityAtPlant Identity(PlantSnapshot snapshot, string id) =>
        snapshot.TryGetIdentity(IdentityId.Parse(id), out var identity) ? identity : throw new KeyNotFoundException(id);

    public static Grant Grant(string id, string identity, Operation[] operations, string[] assets, DateTimeOffset from, DateTimeOffset until, string plant = "berlin", string[]? zones = null) =>
        new(
            id,
            IdentityId.Parse(identity),
            PlantId.Parse(plant),
            operations,
            (zones ?? []).Select(ZoneId.Parse).ToList(),
            assets.Select(AssetId.Parse).ToList(),
            from,
            until,
            $"req-{id}");
}
