using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Telemetry;

/// <summary>The benchmark's calls to <c>MonitoringService</c>: end a plant's learning mode, count its detections.</summary>
internal static class MonitoringControl
{
    public static Task EndLearningAsync(ControlPlane plane, string plant, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"MonitoringService is not merged yet ({plane.ApiAddress}, {plant}, {cancellationToken.IsCancellationRequested})");

    public static Task<long?> CountDetectionsAsync(ControlPlane plane, string plant, string type, CancellationToken cancellationToken) =>
        Task.FromResult<long?>(null);
}
