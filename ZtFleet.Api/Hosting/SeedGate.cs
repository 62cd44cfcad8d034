namespace ZtFleet.Api.Hosting;

/// <summary>
/// Holds the seed back until <see cref="Open"/> is called. Registered only by a host that must do something before
/// the seed fleet is applied (tests use it to observe the API before its seed, without sleeping); without one the
/// seed is applied as soon as the cluster answers.
/// </summary>
public sealed class SeedGate
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the seeder apply the seed fleet.</summary>
    public void Open() => _opened.TrySetResult();

    internal Task WaitAsync(CancellationToken cancellationToken) => _opened.Task.WaitAsync(cancellationToken);
}
