namespace ZtFleet.Agent.FailModes;

/// <summary>
/// What the agent does once its lease runs out without contact: fail closed at once, or keep enforcing what it has
/// (fail-static) for <see cref="StaticBound"/> and then fail closed.
/// </summary>
/// <param name="Closed">Fail closed as soon as the lease runs out.</param>
/// <param name="StaticBound">How long fail-static may last after the lease ran out; null: until the control plane is back.</param>
public readonly record struct FailModeRule(bool Closed, TimeSpan? StaticBound)
{
    /// <summary>Fail closed at once.</summary>
    public static FailModeRule FailClosed { get; } = new(true, null);

    /// <inheritdoc />
    public override string ToString() =>
        Closed ? "fail-closed" : StaticBound is { } bound ? $"fail-static for {bound.TotalMinutes:0.#} min" : "fail-static (unbounded)";
}
