namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>Where a detection is in its life. Open and acknowledged detections count against trust.</summary>
public enum DetectionStatus
{
    Unspecified = 0,

    /// <summary>New, nobody has looked at it.</summary>
    Open = 1,

    /// <summary>An analyst has seen it and is on it.</summary>
    Acknowledged = 2,

    /// <summary>Closed by an analyst (resolved, false positive), with a reason.</summary>
    Closed = 3,

    /// <summary>Accepted into the baseline ("learn"): what it saw is normal from now on.</summary>
    Learned = 4,
}
