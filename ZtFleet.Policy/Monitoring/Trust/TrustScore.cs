using System.Globalization;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// An entity's trust at one instant, with every factor's contribution in order of weight: what <c>GetTrust</c>
/// returns.
/// </summary>
/// <param name="Entity">The asset or identity.</param>
/// <param name="Value">0–100; 100 is fully trusted.</param>
/// <param name="Tier">
/// The tier <paramref name="Value"/> falls in, without hysteresis. The tier decisions use is the one
/// <see cref="TrustTiers.Observe"/> keeps, which follows this one only past the hysteresis.
/// </param>
/// <param name="Penalty">The sum of the contributions (before the score's floor at 0).</param>
/// <param name="At">The instant it was computed for.</param>
/// <param name="Contributions">Every factor, the heaviest first (the capped ones with what they would have counted).</param>
public sealed record TrustScore(
    TrustEntity Entity,
    int Value,
    TrustTier Tier,
    double Penalty,
    DateTimeOffset At,
    IReadOnlyList<TrustContribution> Contributions)
{
    /// <summary>The score and every contribution as sentences, the heaviest first.</summary>
    public IReadOnlyList<string> Explanation()
    {
        var lines = new List<string>(Contributions.Count + 1)
        {
            string.Create(
                CultureInfo.InvariantCulture,
                $"{Entity}: trust {Value} ({TrustVocabulary.Name(Tier)}) at {At.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}, {(Contributions.Count == 0 ? "nothing lowers it" : $"{Contributions.Count} factor(s) take off {Penalty:0.0} points")}"),
        };
        lines.AddRange(Contributions.Select(c => c.Explanation));
        return lines;
    }
}
