namespace ZtFleet.Tests.PostgreSql;

/// <summary>A small persistent grain for the PostgreSQL tests, independent of the product's grains.</summary>
[Alias("ztfleet.tests.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one to the stored value, writes it and returns it.</summary>
    [Alias("Increment")]
    Task<int> IncrementAsync();

    [Alias("Get")]
    Task<int> GetAsync();

    /// <summary>Which activation answered: the silo and an id drawn when the activation started.</summary>
    [Alias("Where")]
    Task<ActivationInfo> WhereAsync();

    /// <summary>Registers a durable reminder that is due in an hour (it never fires during a test).</summary>
    [Alias("Remind")]
    Task RemindAsync(string name);

    [Alias("Reminders")]
    Task<IReadOnlyList<string>> RemindersAsync();
}
