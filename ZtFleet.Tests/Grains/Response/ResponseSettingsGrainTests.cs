using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Playbooks;
using ZtFleet.Tests.Api;

using static ZtFleet.Tests.Grains.FleetDocuments;

namespace ZtFleet.Tests.Grains.Response;

/// <summary>
/// Where the applied <c>response:</c> section and the <c>neverAuto</c> marks are read from: the fleet grain (every
/// playbook) and each plant's definition (the playbooks that admit the plant, assets and identities as applied).
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ResponseSettingsGrainTests(ClusterFixture fixture)
{
    private IFleetGrain Fleet => fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet);

    [Fact]
    public async Task The_applied_playbooks_and_never_auto_marks_reach_the_fleet_and_each_plant()
    {
        var document = Unique(Read(TestFleets.TwoPlants), "resp");
        var berlin = PlantId.Parse("berlin-resp");
        var plants = document.Plants
            .Select(p => p.Id == berlin
                ? p with { Assets = p.Assets.Select(a => a.Id.Value == "plc-1" ? a with { NeverAuto = true } : a).ToList() }
                : p)
            .ToList();
        var identities = document.Identities.Select((i, n) => n == 0 ? i with { NeverAuto = true } : i).ToList();
        var everywhere = Playbook("alert-everywhere", [], new PlaybookStep(PlaybookStepKind.Alert, 0, PlaybookMode.Auto, null));
        var berlinOnly = Playbook(
            "restrict-berlin",
            [berlin.Value],
            new PlaybookStep(PlaybookStepKind.RestrictWrites, 40, PlaybookMode.Auto, TimeSpan.FromMinutes(30)),
            new PlaybookStep(PlaybookStepKind.Webhook, 0, PlaybookMode.Auto, null) { Url = new Uri("https://soar.example/hook") });
        var austinOnly = Playbook("alert-austin", ["austin-resp"], new PlaybookStep(PlaybookStepKind.Alert, 0, PlaybookMode.Recommend, null));
        var response = new ResponseSettings([everywhere, berlinOnly, austinOnly], TimeSpan.FromMinutes(45), 7);

        var result = await Fleet.ApplyAsync(document with { Plants = plants, Identities = identities, Response = response }, Options());

        Assert.True(result.Applied, string.Join("\n", result.Violations));
        var applied = await Fleet.GetResponseSettingsAsync();
        Assert.Equal(["alert-everywhere", "restrict-berlin", "alert-austin"], applied.Playbooks.Select(p => p.Id));
        Assert.Equal(TimeSpan.FromMinutes(45), applied.CorrelationWindow);
        Assert.Equal(new Uri("https://soar.example/hook"), applied.Playbooks[1].Steps[1].Url);

        var definition = await fixture.Grains.GetGrain<IPlantGrain>(GrainKeys.Plant(berlin)).GetDefinitionAsync();
        Assert.Equal(["alert-everywhere", "restrict-berlin"], definition!.EffectiveResponse.Playbooks.Select(p => p.Id));
        Assert.Equal(7, definition.EffectiveResponse.AutoActionsPerHour);
        Assert.Equal(TimeSpan.FromMinutes(30), definition.EffectiveResponse.Playbooks[1].Steps[0].RevertAfter);
        Assert.True(definition.Spec.Assets.Single(a => a.Id.Value == "plc-1").NeverAuto);
        Assert.False(definition.Spec.Assets.Single(a => a.Id.Value == "hmi-1").NeverAuto);
        Assert.Contains(definition.Identities, i => i.Id == identities[0].Id && i.NeverAuto);
        var identity = await fixture.Grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(identities[0].Id)).GetAsync();
        Assert.True(identity!.NeverAuto);
        Assert.True((await Fleet.ExportAsync()).Plants.Single(p => p.Id == berlin).Assets.Single(a => a.Id.Value == "plc-1").NeverAuto);

        // A later document without a response: section keeps the playbooks (like trust:).
        var again = await Fleet.ApplyAsync(document with { Plants = plants, Identities = identities, Response = null }, Options());
        Assert.DoesNotContain(again.Changes, c => c.Kind == EntityKind.Playbook);
        Assert.Equal(3, (await Fleet.GetResponseSettingsAsync()).Playbooks.Count);
    }

    private static Playbook Playbook(string id, IReadOnlyList<string> plants, params PlaybookStep[] steps) =>
        new(id, new PlaybookTrigger([DetectionType.FunctionCodeOutsideBaseline], Severity.High) { Plants = plants }, steps);
}
