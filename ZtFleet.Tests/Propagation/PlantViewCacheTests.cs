using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>The API's plant views: consistency tokens are honoured, never answered from an older state.</summary>
public sealed class PlantViewCacheTests : IAsyncLifetime
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");

    private readonly ApiServer _server = new();

    private PlantViewCache Views => _server.ApiServices.GetRequiredService<PlantViewCache>();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_view_asked_for_the_epoch_of_a_lock_always_sees_the_lock()
    {
        var access = new AccessService.AccessServiceClient(_server.Channel);
        var admin = _server.As(Role.FleetAdmin);
        var vendor = IdentityId.Parse("vendor-tech");
        await Views.GetAsync(Berlin, 0, CancellationToken.None);

        for (var round = 0; round < 20; round++)
        {
            var lockRound = round % 2 == 0;
            var response = lockRound
                ? await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "test" }, admin)
                : await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, admin);
            var epoch = response.Epochs.Single(e => e.PlantId == "berlin").Epoch;

            // Asked at once, before the stream had any time: the view catches up rather than answer from before.
            var snapshot = await Views.GetAsync(Berlin, epoch, CancellationToken.None);
            Assert.True(snapshot.Epoch >= epoch);
            Assert.True(snapshot.TryGetIdentity(vendor, out var identity));
            Assert.Equal(lockRound, identity.Locked);
        }
    }

    [Fact]
    public async Task An_epoch_the_plant_never_reached_is_unavailable_not_answered_from_the_current_state()
    {
        var current = (await Views.GetAsync(Berlin, 0, CancellationToken.None)).Epoch;
        // UNAVAILABLE (retryable) at the API.
        await Assert.ThrowsAsync<TemporarilyUnavailableException>(() => Views.GetAsync(Berlin, current + 1, CancellationToken.None));
    }

    [Fact]
    public async Task An_unknown_plant_is_not_found_and_can_appear_later()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Views.GetAsync(PlantId.Parse("lyon"), 0, CancellationToken.None));

        Assert.True((await new FleetService.FleetServiceClient(_server.Channel)
            .ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlantsAndLyon }, _server.As(Role.FleetAdmin))).Applied);

        var lyon = await Views.GetAsync(PlantId.Parse("lyon"), 0, CancellationToken.None);
        Assert.Equal("Lyon Paint", lyon.Definition.Name);
    }
}
