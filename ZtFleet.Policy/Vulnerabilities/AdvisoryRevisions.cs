namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>Whether an import replaces what is stored of the same advisory (same publisher namespace and tracking id).</summary>
public static class AdvisoryRevisions
{
    /// <summary>
    /// Null when <paramref name="incoming"/> may replace <paramref name="stored"/> (none stored, a newer release, or the
    /// same revision again); otherwise why not: an older revision never replaces a newer one.
    /// </summary>
    public static string? Refusal(AdvisoryRecord? stored, CsafAdvisory incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (stored is null || incoming.Released > stored.Released)
        {
            return null;
        }

        if (incoming.Released == stored.Released && incoming.Version == stored.Version)
        {
            return null;
        }

        return $"advisory {incoming.Id} revision {incoming.Version} (released {incoming.Released:yyyy-MM-ddTHH:mm:ssZ}) is not newer than the stored revision {stored.Version} (released {stored.Released:yyyy-MM-ddTHH:mm:ssZ})";
    }
}
