using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Fleet;

/// <summary><c>ztfleet fleet versions</c>: list, show, diff, rollback (docs/fleet-versions.md).</summary>
internal static class VersionCommands
{
    public static Command Create()
    {
        var versions = new Command("versions", "Fleet versions: every committed apply, import and rollback.");
        versions.Subcommands.Add(List());
        versions.Subcommands.Add(Show());
        versions.Subcommands.Add(Diff());
        versions.Subcommands.Add(Rollback());
        return versions;
    }

    private static Command List()
    {
        var limit = Opt.Limit(50);
        var command = new Command("list", "Fleet versions, newest first.") { limit };
        Run.Api(command, async call =>
        {
            var client = new FleetService.FleetServiceClient(call.Session.Channel);
            var all = new ListFleetVersionsResponse();
            var request = new ListFleetVersionsRequest { PageSize = Math.Clamp(call.Get(limit), 1, 1000) };
            do
            {
                var page = await client.ListFleetVersionsAsync(request, call.Options);
                all.Versions.Add(page.Versions.Take(call.Get(limit) - all.Versions.Count));
                all.Total = page.Total;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Versions.Count < call.Get(limit));

            var table = new Table("version", "at", "actor", "source", "added", "changed", "removed", "reason", "ticket");
            foreach (var version in all.Versions)
            {
                var source = version.Source == FleetVersionSource.Rollback ? $"rollback of {version.RollbackOf}" : Table.Cell(version.Source);
                table.Add(version.Version, version.At, version.Actor, source, version.Added, version.Changed, version.Removed, version.Reason, version.ChangeTicket);
            }

            call.Printer.Write(all, table, "No fleet versions yet.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var number = new Argument<long>("VERSION") { Description = "the version number" };
        var document = Opt.Flag("--document", "print the version's whole fleet document (YAML) instead of its details");
        var command = new Command("show", "One fleet version: who, when, why, the document's hash; --document prints the document.") { number, document };
        Run.Api(command, async call =>
        {
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel).GetFleetVersionAsync(new GetFleetVersionRequest { Version = call.Get(number) }, call.Options);
            if (call.Get(document) && call.Printer.Format != OutputFormat.Json)
            {
                call.Printer.Out.Write(answer.Document);
                return ExitCodes.Ok;
            }

            var version = answer.Version;
            var table = new Table("field", "value")
                .Add("version", version.Version)
                .Add("at", version.At)
                .Add("actor", version.Actor)
                .Add("source", version.Source)
                .Add("rollback of", version.RollbackOf == 0 ? "" : version.RollbackOf)
                .Add("reason", version.Reason)
                .Add("ticket", version.ChangeTicket)
                .Add("changes", $"{version.Added} added, {version.Changed} changed, {version.Removed} removed")
                .Add("apply", version.ApplyId)
                .Add("document sha256", version.DocumentHash);
            call.Printer.Write(answer, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Diff()
    {
        var from = new Argument<long>("FROM") { Description = "the version compared from" };
        var to = new Argument<long>("TO") { Description = "the version compared to" };
        var command = new Command("diff", "What turns one version's fleet into another's, entity by entity.") { from, to };
        Run.Api(command, async call =>
        {
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel)
                .DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = call.Get(from), ToVersion = call.Get(to) }, call.Options);
            call.Printer.Write(answer, ChangeTables.Changes(answer.Changes), "No differences.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rollback()
    {
        var number = new Argument<long>("VERSION") { Description = "the version whose document is applied again" };
        var reason = Opt.Text("--reason", "why (required)", required: true);
        var ticket = Opt.Text("--ticket", "the change ticket");
        var yes = Opt.Flag("--yes", "roll back (without: a dry run showing the diff)");
        var noWait = Opt.Flag("--no-wait", "return once the rollback is decided");
        var command = new Command("rollback", "Applies an earlier version again as the whole fleet (dry run unless --yes).") { number, reason, ticket, yes, noWait };
        Run.Api(command, async call =>
        {
            var request = new RollbackFleetRequest { Version = call.Get(number), Reason = call.Get(reason), ChangeTicket = call.Get(ticket) ?? "", DryRun = !call.Get(yes) };
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel).RollbackFleetAsync(request, call.Options);
            return await FleetCommands.ReportAsync(call, answer.Result, request.DryRun, call.Get(noWait), "Rolling back");
        });
        return command;
    }
}
