namespace ZtFleet.Tests.PostgreSql;

/// <summary>Fans one call out to many <see cref="ICounterGrain"/>s with the product's <c>FanOut</c>, from a grain.</summary>
[Alias("ztfleet.tests.ICounterFanOutGrain")]
public interface ICounterFanOutGrain : IGrainWithStringKey
{
    /// <summary>Increments the counters <c>{prefix}-0</c> … <c>{prefix}-{count - 1}</c> once each; returns the sum.</summary>
    [Alias("IncrementAll")]
    Task<long> IncrementAllAsync(string prefix, int count);
}
