using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Learning;

namespace ZtFleet.Tests.Policy.Monitoring.Detections;

/// <summary>Learning mode: from the first telemetry for a period, ended or restarted per plant or per zone.</summary>
public sealed class LearningStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);
    private static readonly ZoneId Cell = ZoneId.Parse("cell-1");
    private static readonly ZoneId Ops = ZoneId.Parse("site-ops");
    private static readonly ZoneId[] Zones = [Cell, Ops];

    [Fact]
    public void Nothing_learns_before_the_first_telemetry_and_everything_learns_for_the_period_after_it()
    {
        var state = LearningState.NotStarted;
        Assert.Empty(state.LearningZones(Zones, T0, Week));

        state = state.Observed(T0).Observed(T0.AddDays(1));

        Assert.Equal(T0, state.StartedAt);
        Assert.Equal(Zones.ToHashSet(), state.LearningZones(Zones, T0.AddDays(6), Week));
        Assert.Empty(state.LearningZones(Zones, T0.AddDays(7), Week));
        Assert.Equal(new LearningStatus(null, false, T0, T0.AddDays(7)), state.OfPlant(T0.AddDays(8), Week));
    }

    [Fact]
    public void Ending_one_zone_leaves_the_others_learning_and_restarting_it_gives_it_a_whole_period()
    {
        var state = LearningState.NotStarted.Observed(T0).End(Cell, T0.AddDays(1), Week);

        Assert.Equal(new HashSet<ZoneId> { Ops }, state.LearningZones(Zones, T0.AddDays(2), Week));
        Assert.Equal(new LearningStatus(Cell, false, T0, T0.AddDays(1), Overridden: true), state.Of(Cell, T0.AddDays(2), Week));

        state = state.Restart(Cell, T0.AddDays(5));

        Assert.Equal(new HashSet<ZoneId> { Cell }, state.LearningZones(Zones, T0.AddDays(8), Week));
        Assert.Equal(T0.AddDays(12), state.Of(Cell, T0.AddDays(8), Week).EndsAt);
    }

    [Fact]
    public void Ending_or_restarting_the_plant_clears_the_zones_decisions()
    {
        var state = LearningState.NotStarted.Observed(T0).Restart(Cell, T0.AddDays(3));

        var ended = state.End(null, T0.AddDays(4), Week);
        Assert.Empty(ended.LearningZones(Zones, T0.AddDays(4), Week));
        Assert.Empty(ended.Zones);

        var restarted = ended.Restart(null, T0.AddDays(20));
        Assert.Equal(Zones.ToHashSet(), restarted.LearningZones(Zones, T0.AddDays(26), Week));
        Assert.Empty(restarted.LearningZones(Zones, T0.AddDays(27), Week));
    }

    [Fact]
    public void A_plant_ended_before_any_telemetry_stays_operational_when_telemetry_arrives()
    {
        var state = LearningState.NotStarted.End(null, T0, Week).Observed(T0.AddHours(1));

        Assert.Empty(state.LearningZones(Zones, T0.AddHours(1), Week));
    }
}
