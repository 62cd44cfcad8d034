using ZtFleet.Grains.Hosting;

namespace ZtFleet.Tests.PostgreSql;

/// <inheritdoc cref="ICounterFanOutGrain"/>
[GrainType("ztfleet-tests-counter-fan-out")]
public sealed class CounterFanOutGrain : Grain, ICounterFanOutGrain
{
    public async Task<long> IncrementAllAsync(string prefix, int count)
    {
        long sum = 0;
        await FanOut.RunAsync(
            Enumerable.Range(0, count).ToList(),
            async i =>
            {
                // Not `sum += await ...`: that reads sum before the await, and the workers interleave there.
                var value = await GrainFactory.GetGrain<ICounterGrain>($"{prefix}-{i}").IncrementAsync();
                sum += value;
            });
        return sum;
    }
}
