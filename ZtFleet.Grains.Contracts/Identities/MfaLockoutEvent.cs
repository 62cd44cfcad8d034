using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Identities;

/// <summary>
/// A security event: an identity was locked out of a guessable factor after too many refused attempts. Published on
/// <see cref="SecurityEventStreams.MfaLockouts"/> after the lockout is audited and stored.
/// </summary>
/// <param name="Identity">Who is locked out.</param>
/// <param name="Plants">The plants the identity is assigned to (where a monitor may want to look).</param>
/// <param name="Factor">The factor locked: <c>totp</c>.</param>
/// <param name="Failures">The refused attempts within the window that started this lockout.</param>
/// <param name="Lockout">Which lockout this is since the last success or quiet period (1 = the first).</param>
/// <param name="At">When the lockout started.</param>
/// <param name="Until">When it ends.</param>
/// <param name="Source">The caller whose attempt started it (subject and role).</param>
[GenerateSerializer, Immutable, Alias("ztfleet.MfaLockoutEvent")]
public sealed record MfaLockoutEvent(
    [property: Id(0)] IdentityId Identity,
    [property: Id(1)] IReadOnlyList<PlantId> Plants,
    [property: Id(2)] string Factor,
    [property: Id(3)] int Failures,
    [property: Id(4)] int Lockout,
    [property: Id(5)] DateTimeOffset At,
    [property: Id(6)] DateTimeOffset Until,
    [property: Id(7)] string Source);
