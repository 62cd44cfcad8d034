namespace ZtFleet.Api.Audit;

/// <summary>
/// What <see cref="RefusalThrottle.Observe"/> decided for one refusal: audit it one by one (or only count it), and the
/// summary of the key's previous window when this refusal is the first after it closed.
/// </summary>
public readonly record struct RefusalObservation(bool Individually, RefusalSummary? Closed);
