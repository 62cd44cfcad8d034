using System.Text.Json;
using System.Text.Json.Serialization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using static ZtFleet.Tests.Policy.Access.AccessSamples;

namespace ZtFleet.Tests.Policy.Access;

public sealed class PlantSnapshotTests
{
    private static readonly JsonSerializerOptions Plain = new();

    // As the grains configure System.Text.Json for pure-core types (ZtFleetSerialization).
    private static readonly JsonSerializerOptions AsGrains = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    [Fact]
    public void Snapshot_from_a_document_holds_the_plant_and_its_identities()
    {
        var snapshot = PlantSnapshot.FromDocument(Fleet(), PlantId.Parse("berlin"), 12);

        Assert.Equal((12L, "berlin", "Europe/Berlin"), (snapshot.Epoch, snapshot.Plant.Value, snapshot.TimeZone.Id));
        Assert.Equal(8, snapshot.IdentityCount);
        Assert.True(snapshot.TryGetAsset(AssetId.Parse("sis-1"), out var sis) && sis.SafetyRelated);
        Assert.True(snapshot.TryGetZone(ZoneId.Parse("cell-1"), out _));
        Assert.True(snapshot.TryGetShift("night", out _));
        Assert.Single(snapshot.MaintenanceWindows);
        Assert.Equal(IdentityAtPlant.DefaultTrust, Identity(snapshot, "ana").Trust);
    }

    [Fact]
    public void Next_epoch_applies_and_older_or_equal_epochs_are_duplicates()
    {
        var snapshot = Snapshot();
        var locked = Identity(snapshot, "ana") with { Locked = true };
        var delta = new IdentityChanged(snapshot.Epoch + 1, Night, locked, IdentityChangeReasons.Locked);

        var next = snapshot.Apply(delta);

        Assert.Equal(snapshot.Epoch + 1, next.Epoch);
        Assert.True(Identity(next, "ana").Locked);
        Assert.False(Identity(snapshot, "ana").Locked);
        Assert.Same(next, next.Apply(delta));
        Assert.Same(next, next.Apply(new ShiftBoundary(snapshot.Epoch, Night, "night", Night, true)));
    }

    [Fact]
    public void A_gap_throws_with_the_expected_and_actual_epoch()
    {
        var snapshot = Snapshot();

        var gap = Assert.Throws<DeltaGapException>(() => snapshot.Apply(new IdentityRemoved(snapshot.Epoch + 2, Night, IdentityId.Parse("ana"))));

        Assert.Equal((snapshot.Epoch + 1, snapshot.Epoch + 2), (gap.Expected, gap.Actual));
    }

    [Fact]
    public void Removed_identity_is_unknown_afterwards()
    {
        var snapshot = Snapshot().Apply(new IdentityRemoved(8, Night, IdentityId.Parse("ana")));

        Assert.Equal(DecisionReasons.UnknownIdentity, Engine.Decide(Asset("ana", "plc-1", Operation.View), snapshot, Night).Reason);
    }

    [Fact]
    public void Shift_boundary_only_moves_the_epoch()
    {
        var snapshot = Snapshot();

        var next = snapshot.Apply(new ShiftBoundary(8, Night, "night", Night, Starts: false));

        Assert.Equal(8, next.Epoch);
        Assert.Equal(Engine.Decide(Asset("ana", "plc-1", Operation.View), snapshot, Night) with { Epoch = 8 }, Engine.Decide(Asset("ana", "plc-1", Operation.View), next, Night));
    }

    [Fact]
    public void Definition_change_recompiles_roles_and_shifts_for_every_identity()
    {
        var snapshot = Snapshot();
        var fleet = Fleet();
        var plant = fleet.Plants[0];

        // The night shift now ends at 05:00 and the grace drops to nothing.
        var shorter = plant with
        {
            Shifts = plant.Shifts.Select(s => s.Id == "night" ? s with { End = new TimeOnly(5, 0) } : s).ToList(),
        };
        var next = snapshot.Apply(new PlantDefinitionChanged(8, Night, shorter, fleet.DefinedRoles, fleet.EffectivePolicy with { ShiftGraceMinutes = 0 }));
        var at = new DateTimeOffset(2026, 3, 11, 5, 30, 0, Winter);

        Assert.True(Engine.Decide(Asset("ana", "plc-1", Operation.View), snapshot, at).IsAllowed);
        Assert.Equal(DecisionReasons.OutsideShift, Engine.Decide(Asset("ana", "plc-1", Operation.View), next, at).Reason);
        Assert.Equal(0, next.Policy.ShiftGraceMinutes);
    }

    [Fact]
    public void Definition_change_of_another_plant_is_refused()
    {
        var fleet = Fleet();
        var other = fleet.Plants[0] with { Id = PlantId.Parse("chicago") };

        Assert.Throws<ArgumentException>(() => Snapshot().Apply(new PlantDefinitionChanged(8, Night, other, fleet.DefinedRoles, fleet.EffectivePolicy)));
    }

    public static TheoryData<string> DeltaKinds() => new() { "plant-definition-changed", "identity-changed", "identity-removed", "shift-boundary" };

    [Theory]
    [MemberData(nameof(DeltaKinds))]
    public void Deltas_round_trip_through_json_with_their_kind(string kind)
    {
        var delta = Deltas().Single(d => Kind(d) == kind);
        foreach (var options in new[] { Plain, AsGrains })
        {
            var json = JsonSerializer.Serialize(delta, options);

            var read = JsonSerializer.Deserialize<PlantDelta>(json, options);

            Assert.StartsWith($"{{\"kind\":\"{kind}\"", json, StringComparison.Ordinal);
            Assert.NotNull(read);
            Assert.Equal(delta.GetType(), read.GetType());
            Assert.Equal((delta.Epoch, delta.At), (read.Epoch, read.At));
            Assert.Equal(json, JsonSerializer.Serialize(read, options));
        }
    }

    [Fact]
    public void Deltas_read_from_json_apply_like_the_originals()
    {
        var snapshot = Snapshot();
        var deltas = Deltas().Select((d, i) => d with { Epoch = snapshot.Epoch + 1 + i }).ToList();
        var copies = deltas.Select(d => JsonSerializer.Deserialize<PlantDelta>(JsonSerializer.Serialize(d, AsGrains), AsGrains)!).ToList();

        var direct = snapshot.ApplyAll(deltas);
        var viaJson = snapshot.ApplyAll(copies);

        var requests = new[]
        {
            Asset("ana", "plc-1", Operation.View), Asset("vic", "ews-1", Operation.RemoteSession), Asset("carl", "plc-1", Operation.Write),
            Asset("lee", "plc-1", Operation.View), Zone("ben", "cell-1", Operation.Operate),
        };
        foreach (var at in new[] { Night, new DateTimeOffset(2026, 3, 10, 10, 0, 0, Winter), new DateTimeOffset(2026, 3, 14, 11, 50, 0, Winter) })
        {
            foreach (var request in requests)
            {
                Assert.Equal(Engine.Decide(request, direct, at), Engine.Decide(request, viaJson, at));
            }
        }
    }

    private static string Kind(PlantDelta delta) =>
        delta switch
        {
            PlantDefinitionChanged => "plant-definition-changed",
            IdentityChanged => "identity-changed",
            IdentityRemoved => "identity-removed",
            ShiftBoundary => "shift-boundary",
            _ => throw new ArgumentOutOfRangeException(nameof(delta)),
        };

    private static List<PlantDelta> Deltas()
    {
        var snapshot = Snapshot();
        var fleet = Fleet();
        var vic = Identity(snapshot, "vic") with { Trust = 55, Mfa = new MfaState(Night, "oidc:pwd+otp") };
        return
        [
            new PlantDefinitionChanged(8, Night, fleet.Plants[0], fleet.DefinedRoles, fleet.EffectivePolicy),
            new IdentityChanged(9, Night, vic, IdentityChangeReasons.Trust),
            new IdentityRemoved(10, Night, IdentityId.Parse("ben")),
            new ShiftBoundary(11, Night, "night", Night.AddHours(7), Starts: false),
        ];
    }
}
