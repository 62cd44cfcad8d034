using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Monitoring;

/// <summary><c>ztfleet detections</c>: list and show a plant's detections (docs/detections.md).</summary>
internal static class DetectionCommands
{
    public static Command Create()
    {
        var detections = new Command("detections", "Detections of a plant: list, show.");
        detections.Subcommands.Add(List());
        detections.Subcommands.Add(Show());
        return detections;
    }

    private static Command List()
    {
        var plant = Opt.Plant();
        var statuses = Opt.Choices<DetectionStatus>("--status", "only these statuses");
        var types = Opt.Choices<DetectionType>("--type", "only these types");
        var severity = Opt.Choice<DetectionSeverity>("--min-severity", "only this severity or higher");
        var asset = Opt.Text("--asset", "only about this asset");
        var identity = Opt.Text("--identity", "only about this identity");
        var zone = Opt.Text("--zone", "only in this zone");
        var since = Opt.Text("--since", "only seen at or after (ISO 8601, or -24h)");
        var limit = Opt.Limit(100);
        var command = new Command("list", "A plant's detections, newest first.") { plant, statuses, types, severity, asset, identity, zone, since, limit };
        Run.Api(command, async call =>
        {
            var request = new ListDetectionsRequest
            {
                PlantId = call.Get(plant),
                MinSeverity = call.Get(severity) is { } s ? EnumText.Parse<DetectionSeverity>(s, "--min-severity") : DetectionSeverity.Unspecified,
                AssetId = call.Get(asset) ?? "",
                IdentityId = call.Get(identity) ?? "",
                ZoneId = call.Get(zone) ?? "",
                From = TimeArg.Parse(call.Get(since), "--since", DateTimeOffset.UtcNow),
                PageSize = Math.Clamp(call.Get(limit), 1, 1000),
            };
            request.Statuses.Add(Opt.Split(call.Get(statuses)).Select(v => EnumText.Parse<DetectionStatus>(v, "--status")));
            request.Types_.Add(Opt.Split(call.Get(types)).Select(v => EnumText.Parse<DetectionType>(v, "--type")));
            var client = new MonitoringService.MonitoringServiceClient(call.Session.Channel);
            var all = new ListDetectionsResponse();
            do
            {
                var page = await client.ListDetectionsAsync(request, call.Options);
                all.Detections.Add(page.Detections.Take(call.Get(limit) - all.Detections.Count));
                all.Total = page.Total;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Detections.Count < call.Get(limit));

            var table = new Table("id", "severity", "status", "type", "asset", "zone", "identity", "count", "last seen", "summary");
            foreach (var d in all.Detections)
            {
                table.Add(d.Id, d.Severity, d.Status, d.Type, d.AssetId, d.ZoneId, d.IdentityId, d.Count, d.LastSeen, d.Summary);
            }

            call.Printer.Write(all, table, "No detections match.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = Opt.Id("DETECTION", "the detection id ({plant}-{n})");
        var command = new Command("show", "One detection with its evidence.") { id };
        Run.Api(command, async call =>
        {
            var d = await new MonitoringService.MonitoringServiceClient(call.Session.Channel).GetDetectionAsync(new GetDetectionRequest { DetectionId = call.Get(id) }, call.Options);
            var table = new Table("field", "value")
                .Add("id", d.Id)
                .Add("plant", d.PlantId)
                .Add("type", d.Type)
                .Add("severity", d.Severity)
                .Add("status", d.Status)
                .Add("summary", d.Summary)
                .Add("asset", d.AssetId)
                .Add("zone", d.ZoneId)
                .Add("identity", d.IdentityId)
                .Add("source", d.Source is null ? "" : $"{d.Source.Ip}{(d.Source.Port > 0 ? ":" + d.Source.Port : "")} {d.Source.AssetId}".Trim())
                .Add("technique", d.Technique is null ? "" : $"{d.Technique.Id} {d.Technique.Name}")
                .Add("count", d.Count)
                .Add("first seen", d.FirstSeen)
                .Add("last seen", d.LastSeen)
                .Add("evidence", d.Evidence)
                .Add("acknowledged by", d.AcknowledgedBy)
                .Add("closed by", d.ClosedBy)
                .Add("close reason", d.CloseReason)
                .Add("learnable", d.Learnable);
            call.Printer.Write(d, table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
