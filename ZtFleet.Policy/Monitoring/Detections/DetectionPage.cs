namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>One page of a listing.</summary>
/// <param name="Detections">The detections, newest first.</param>
/// <param name="Total">How many match the filters in all.</param>
/// <param name="NextBeforeSequence">What to pass as <see cref="DetectionQuery.BeforeSequence"/> for the next page; null on the last.</param>
public sealed record DetectionPage(IReadOnlyList<Detection> Detections, long Total, long? NextBeforeSequence);
