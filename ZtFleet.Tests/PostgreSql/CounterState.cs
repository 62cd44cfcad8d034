namespace ZtFleet.Tests.PostgreSql;

/// <summary>State of <see cref="CounterGrain"/>.</summary>
[GenerateSerializer, Alias("ztfleet.tests.CounterState")]
public sealed class CounterState
{
    [Id(0)]
    public int Value { get; set; }
}
