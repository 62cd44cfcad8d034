namespace ZtFleet.Api.Hosting;

/// <summary>
/// Whether the configured seed fleet has been dealt with: applied, found unnecessary (the fleet already holds
/// plants), or not configured. Until then the API is not ready: an empty fleet would answer NOT_FOUND to everything.
/// </summary>
public sealed class FleetReadiness
{
    private volatile string? _waitingFor = "the seed fleet has not been applied yet";

    /// <summary>Null once the seed is done; otherwise what readiness is waiting for.</summary>
    public string? WaitingFor => _waitingFor;

    /// <summary>The seed fleet is applied (or there is none to apply).</summary>
    public void SeedDone() => _waitingFor = null;

    /// <summary>The seed fleet cannot be applied (an invalid document): the API stays not ready and says why.</summary>
    public void SeedFailed(string reason) => _waitingFor = reason;
}
