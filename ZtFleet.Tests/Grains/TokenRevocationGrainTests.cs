using ZtFleet.Grains.Security;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Tests.Grains;

/// <summary>The deny list grain on the in-process cluster, on the fixture's fake clock.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TokenRevocationGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Entries_count_versions_once_and_leave_the_list_when_what_they_deny_has_expired()
    {
        var list = fixture.Grains.GetGrain<ITokenRevocationGrain>($"deny-{Guid.NewGuid():N}");
        var now = ClusterFixture.Time.GetUtcNow();

        var first = await list.RevokeTokenAsync("jti-1", now.AddHours(1), "alice", "laptop lost");
        var again = await list.RevokeTokenAsync("jti-1", now.AddMinutes(30), "bob", "twice");
        var point = await list.RevokeEnforcementPointAsync(EnforcementPointId.Parse("berlin-gw-1"), now.AddDays(366), "alice", "gateway stolen");

        Assert.Equal((1, true), (first.Version, first.RevokedNow));
        Assert.Equal((1, false, "alice"), (again.Version, again.RevokedNow, again.Token!.RevokedBy));
        Assert.Equal((2, true), (point.Version, point.RevokedNow));
        var both = await list.GetAsync();
        Assert.Equal((2, "jti-1", "berlin-gw-1"), (both.Version, Assert.Single(both.Tokens).TokenId, Assert.Single(both.EnforcementPoints).EnforcementPointId));

        ClusterFixture.Time.Advance(TimeSpan.FromHours(2));
        var later = await list.GetAsync();
        Assert.Empty(later.Tokens);
        Assert.Single(later.EnforcementPoints);

        // Expired, the id may be revoked anew (a new entry, a new version).
        var anew = await list.RevokeTokenAsync("jti-1", ClusterFixture.Time.GetUtcNow().AddHours(1), "carol", "again");
        Assert.Equal((3, true, "carol"), (anew.Version, anew.RevokedNow, anew.Token!.RevokedBy));
    }
}
