namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// Thresholds of the plant-wide detectors (<see cref="PlantDetectors"/>). The defaults suit a plant of a few hundred
/// assets; a document may change them in its <c>monitoring:</c> section.
/// </summary>
public sealed record PlantDetectorSettings
{
    /// <summary>The defaults.</summary>
    public static PlantDetectorSettings Default { get; } = new();

    /// <summary>The sliding window of the denied-flow and scanning detectors, in seconds (default 60).</summary>
    public int WindowSeconds { get; init; } = 60;

    /// <summary>Dropped flows from one source within the window that make a burst (default 20).</summary>
    public int DeniedFlowBurst { get; init; } = 20;

    /// <summary>Distinct destination addresses one source reaches within the window that make a scan (default 32).</summary>
    public int ScanDestinations { get; init; } = 32;

    /// <summary>Distinct destination ports one source reaches within the window that make a scan (default 32).</summary>
    public int ScanPorts { get; init; } = 32;

    /// <summary>Failed authentications of one identity (or user name) within the MFA window that make a burst (default 5).</summary>
    public int MfaFailureBurst { get; init; } = 5;

    /// <summary>The sliding window of the MFA failure detector, in seconds (default 300).</summary>
    public int MfaFailureWindowSeconds { get; init; } = 300;

    /// <summary>
    /// How many sources, identities and uninventoried addresses each detector remembers at once (default 1024): the
    /// bound on a plant's detector memory. Past it, the least recently seen is forgotten.
    /// </summary>
    public int MaxTracked { get; init; } = 1024;

    /// <summary>The window of the denied-flow and scanning detectors.</summary>
    public TimeSpan Window => TimeSpan.FromSeconds(WindowSeconds);

    /// <summary>The window of the MFA failure detector.</summary>
    public TimeSpan MfaFailureWindow => TimeSpan.FromSeconds(MfaFailureWindowSeconds);

    /// <summary>What is wrong with these settings (field name and description), empty when they are usable.</summary>
    public IReadOnlyList<(string Field, string Description)> Problems()
    {
        var problems = new List<(string, string)>();
        Check(problems, nameof(WindowSeconds), WindowSeconds, 1, 86_400);
        Check(problems, nameof(DeniedFlowBurst), DeniedFlowBurst, 2, 100_000);
        Check(problems, nameof(ScanDestinations), ScanDestinations, 2, 4096);
        Check(problems, nameof(ScanPorts), ScanPorts, 2, 4096);
        Check(problems, nameof(MfaFailureBurst), MfaFailureBurst, 2, 1000);
        Check(problems, nameof(MfaFailureWindowSeconds), MfaFailureWindowSeconds, 1, 86_400);
        Check(problems, nameof(MaxTracked), MaxTracked, 16, 1_000_000);
        return problems;
    }

    private static void Check(List<(string, string)> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add((char.ToLowerInvariant(name[0]) + name[1..], $"must be between {min} and {max}"));
        }
    }
}
