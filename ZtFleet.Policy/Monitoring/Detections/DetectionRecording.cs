namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>How a finding becomes a detection, or adds to the one in force with the same key.</summary>
public static class DetectionRecording
{
    /// <summary>A new open detection made of <paramref name="finding"/>.</summary>
    public static Detection Open(string id, Finding finding, long revision)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var bounded = finding with { Evidence = DetectionEvidence.Bound(finding.Evidence) };
        return new Detection(id, bounded, DetectionStatus.Open, 1, finding.At, finding.At) { Revision = revision };
    }

    /// <summary>
    /// <paramref name="detection"/> with <paramref name="finding"/> (same key) added: one more in the count, the later
    /// last-seen time, the evidence merged (first and latest kept), the higher severity. The status, the first
    /// sentence and who acknowledged stay.
    /// </summary>
    /// <exception cref="ArgumentException">The finding has another key or plant.</exception>
    public static Detection Absorb(Detection detection, Finding finding, long revision)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(finding);
        if (finding.Key != detection.Finding.Key || finding.Plant != detection.Plant)
        {
            throw new ArgumentException($"Finding '{finding.Key}' does not belong to detection '{detection.Id}' ('{detection.Finding.Key}').", nameof(finding));
        }

        var severity = Rank(finding.Severity) > Rank(detection.Finding.Severity) ? finding.Severity : detection.Finding.Severity;
        return detection with
        {
            Finding = detection.Finding with
            {
                Severity = severity,
                At = finding.At > detection.Finding.At ? finding.At : detection.Finding.At,
                Evidence = DetectionEvidence.Merge(detection.Finding.Evidence, finding.Evidence),
            },
            Count = detection.Count + 1,
            FirstSeen = finding.At < detection.FirstSeen ? finding.At : detection.FirstSeen,
            LastSeen = finding.At > detection.LastSeen ? finding.At : detection.LastSeen,
            Revision = revision,
        };
    }

    /// <summary>Ranks severities for comparison: unspecified and undefined values as critical.</summary>
    public static int Rank(Severity severity) => severity is >= Severity.Low and <= Severity.Critical ? (int)severity : (int)Severity.Critical;
}
