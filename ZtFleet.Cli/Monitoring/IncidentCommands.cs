using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Monitoring;

/// <summary><c>ztfleet incidents</c>: list, show (with the timeline), assign, comment, close (docs/incidents.md).</summary>
internal static class IncidentCommands
{
    public static Command Create()
    {
        var incidents = new Command("incidents", "Incidents: list, show, assign, comment, close.");
        incidents.Subcommands.Add(List());
        incidents.Subcommands.Add(Show());
        incidents.Subcommands.Add(Assign());
        incidents.Subcommands.Add(Comment());
        incidents.Subcommands.Add(Close());
        return incidents;
    }

    private static Command List()
    {
        var statuses = Opt.Choices<IncidentStatus>("--status", "only these statuses");
        var severity = Opt.Choice<DetectionSeverity>("--min-severity", "only this severity or higher");
        var plant = Opt.Plant(required: false);
        var identity = Opt.Text("--identity", "only about this identity");
        var asset = Opt.Text("--asset", "only about this asset");
        var limit = Opt.Limit(100);
        var command = new Command("list", "Incidents, most recently opened first.") { statuses, severity, plant, identity, asset, limit };
        Run.Api(command, async call =>
        {
            var request = new ListIncidentsRequest
            {
                MinSeverity = call.Get(severity) is { } s ? EnumText.Parse<DetectionSeverity>(s, "--min-severity") : DetectionSeverity.Unspecified,
                PlantId = call.Get(plant) ?? "",
                IdentityId = call.Get(identity) ?? "",
                AssetId = call.Get(asset) ?? "",
                PageSize = Math.Clamp(call.Get(limit), 1, 500),
            };
            request.Statuses.Add(Opt.Split(call.Get(statuses)).Select(v => EnumText.Parse<IncidentStatus>(v, "--status")));
            var client = new IncidentService.IncidentServiceClient(call.Session.Channel);
            var all = new ListIncidentsResponse();
            do
            {
                var page = await client.ListIncidentsAsync(request, call.Options);
                all.Incidents.Add(page.Incidents.Take(call.Get(limit) - all.Incidents.Count));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Incidents.Count < call.Get(limit));

            var table = new Table("id", "severity", "status", "owner", "plants", "opened", "updated", "title");
            foreach (var i in all.Incidents)
            {
                table.Add(i.Id, i.Severity, i.Status, i.Owner, i.PlantIds, i.Opened, i.Updated, i.Title);
            }

            call.Printer.Write(all, table, "No incidents match.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = Opt.Id("INCIDENT", "the incident id (inc-{n})");
        var command = new Command("show", "One incident and its timeline.") { id };
        Run.Api(command, async call =>
        {
            var incident = await new IncidentService.IncidentServiceClient(call.Session.Channel).GetIncidentAsync(new GetIncidentRequest { IncidentId = call.Get(id) }, call.Options);
            Write(call, incident);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Assign()
    {
        var id = Opt.Id("INCIDENT", "the incident id");
        var owner = Opt.Text("--owner", "who owns it from now on (default: you)");
        var command = new Command("assign", "Gives an incident an owner; an open incident becomes investigating.") { id, owner };
        Run.Api(command, async call =>
        {
            var incident = await new IncidentService.IncidentServiceClient(call.Session.Channel)
                .AssignIncidentAsync(new AssignIncidentRequest { IncidentId = call.Get(id), Owner = call.Get(owner) ?? "" }, call.Options);
            Write(call, incident);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Comment()
    {
        var id = Opt.Id("INCIDENT", "the incident id");
        var text = Opt.Id("TEXT", "the comment");
        var command = new Command("comment", "Adds a comment to an incident's timeline.") { id, text };
        Run.Api(command, async call =>
        {
            var incident = await new IncidentService.IncidentServiceClient(call.Session.Channel)
                .CommentIncidentAsync(new CommentIncidentRequest { IncidentId = call.Get(id), Text = call.Get(text) }, call.Options);
            Write(call, incident);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Close()
    {
        var id = Opt.Id("INCIDENT", "the incident id");
        var reason = Opt.Text("--reason", "why: resolved, false positive, the ticket", required: true);
        var command = new Command("close", "Closes an incident with a reason.") { id, reason };
        Run.Api(command, async call =>
        {
            var incident = await new IncidentService.IncidentServiceClient(call.Session.Channel)
                .CloseIncidentAsync(new CloseIncidentRequest { IncidentId = call.Get(id), Reason = call.Get(reason) }, call.Options);
            Write(call, incident);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Write(Call call, Incident incident)
    {
        var timeline = new Table("at", "kind", "plant", "severity", "asset", "identity", "actor", "summary");
        foreach (var part in incident.Parts)
        {
            timeline.Add(part.At, part.Kind, part.PlantId, part.Severity, part.AssetId, part.IdentityId, part.Actor, part.Summary);
        }

        if (call.Printer.Format == OutputFormat.Table)
        {
            new Table("field", "value")
                .Add("incident", incident.Id)
                .Add("title", incident.Title)
                .Add("status", incident.Status)
                .Add("severity", incident.Severity)
                .Add("owner", incident.Owner)
                .Add("plants", incident.PlantIds)
                .Add("assets", incident.AssetIds)
                .Add("identities", incident.IdentityIds)
                .Add("zone path", incident.ZonePath)
                .Add("toward safety", incident.TowardSafety)
                .Add("opened", incident.Opened)
                .Add("updated", incident.Updated)
                .Add("close reason", incident.CloseReason)
                .Add("merged into", incident.MergedInto)
                .WriteAligned(call.Printer.Out);
            call.Printer.Say("");
        }

        call.Printer.Write(incident, timeline);
    }
}
