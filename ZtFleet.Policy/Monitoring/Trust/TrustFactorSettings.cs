using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// How much one factor kind may lower a score (the fleet document's <c>trust.factors.&lt;kind&gt;</c>, for example
/// <c>trust.factors.mfaFailure: { weight: 5, cap: 20, halfLifeMinutes: 60 }</c>).
/// </summary>
/// <param name="Weight">Points one factor of full severity takes off the score when new (0–100).</param>
/// <param name="Cap">The most all factors of this kind together take off (0–100).</param>
/// <param name="HalfLifeMinutes">
/// After this long a factor counts half as much, after twice as long a quarter (0–525600); 0: it does not decay and
/// counts fully while it is present (a CVE until patched, a quarantine until lifted).
/// </param>
public sealed record TrustFactorSettings(int Weight, int Cap, int HalfLifeMinutes = 0)
{
    /// <summary>The longest half-life: a year.</summary>
    public const int MaxHalfLifeMinutes = 525_600;

    /// <summary>The half-life; null when the factor does not decay.</summary>
    [JsonIgnore]
    public TimeSpan? HalfLife => HalfLifeMinutes > 0 ? TimeSpan.FromMinutes(HalfLifeMinutes) : null;
}
