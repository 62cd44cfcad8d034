namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>What one factor took off a score, and why.</summary>
/// <param name="Factor">The factor.</param>
/// <param name="Full">Points when new: its kind's weight times its severity share (or CVSS / 10).</param>
/// <param name="Decayed">Points after decay at the scoring time (<paramref name="Full"/> for kinds that do not decay).</param>
/// <param name="Points">Points it takes off the score: <paramref name="Decayed"/>, less what its kind's cap cuts.</param>
/// <param name="Explanation">One sentence: source, kind, severity, age, decay, cap and points.</param>
public sealed record TrustContribution(TrustFactor Factor, double Full, double Decayed, double Points, string Explanation)
{
    /// <summary>Whether its kind's cap cut some or all of it.</summary>
    public bool Capped => Points < Decayed;
}
