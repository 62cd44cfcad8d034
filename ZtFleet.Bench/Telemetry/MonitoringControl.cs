using ZtFleet.Api.V1;
using ZtFleet.Bench.PgScale;

namespace ZtFleet.Bench.Telemetry;

/// <summary>The benchmark's calls to <c>MonitoringService</c>: end a plant's learning mode, count its detections.</summary>
internal static class MonitoringControl
{
    public static async Task EndLearningAsync(ControlPlane plane, string plant, CancellationToken cancellationToken) =>
        await new MonitoringService.MonitoringServiceClient(plane.Channel).SetLearningModeAsync(
            new SetLearningModeRequest { PlantId = plant, Action = LearningAction.End, Reason = "benchmark: baseline learned" },
            plane.Admin.WithCancellationToken(cancellationToken));

    public static async Task<long?> CountDetectionsAsync(ControlPlane plane, string plant, DetectionType type, CancellationToken cancellationToken)
    {
        var request = new ListDetectionsRequest { PlantId = plant, PageSize = 1 };
        request.Types_.Add(type);
        var page = await new MonitoringService.MonitoringServiceClient(plane.Channel).ListDetectionsAsync(request, plane.Admin.WithCancellationToken(cancellationToken));
        return page.Total;
    }
}
