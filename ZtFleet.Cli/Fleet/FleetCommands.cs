using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Fleet;

/// <summary><c>ztfleet fleet</c>: apply (a dry run unless --yes), export, status, and the fleet versions.</summary>
internal static class FleetCommands
{
    public static Command Create()
    {
        var fleet = new Command("fleet", "The fleet document: apply, export, versions.");
        fleet.Subcommands.Add(Apply());
        fleet.Subcommands.Add(Export());
        fleet.Subcommands.Add(Status());
        fleet.Subcommands.Add(Plants());
        fleet.Subcommands.Add(VersionCommands.Create());
        return fleet;
    }

    private static Command Apply()
    {
        var file = new Argument<string>("FILE") { Description = "the fleet document (YAML or JSON); - reads stdin" };
        var yes = Opt.Flag("--yes", "apply it (without: a dry run that shows the diff and what it would change)");
        var prune = Opt.Flag("--prune", "the document is the whole fleet: plants and identities it does not name are removed");
        var reason = Opt.Text("--reason", "why the fleet changes (kept in the fleet version; required when the fleet's policy says so)");
        var ticket = Opt.Text("--ticket", "the change ticket (CHG-2041, a URL)");
        var noWait = Opt.Flag("--no-wait", "return once the apply is decided, without waiting for every plant to commit it");
        var command = new Command("apply", "Shows what a fleet document changes (dry run), or applies it with --yes.") { file, yes, prune, reason, ticket, noWait };
        Run.Api(command, async call =>
        {
            var request = new ApplyFleetRequest
            {
                Document = Opt.ReadFile(call.Get(file)),
                DryRun = !call.Get(yes),
                Prune = call.Get(prune),
                Reason = call.Get(reason) ?? "",
                ChangeTicket = call.Get(ticket) ?? "",
            };
            var client = new FleetService.FleetServiceClient(call.Session.Channel);
            var answer = await client.ApplyFleetAsync(request, call.Options);
            return await ReportAsync(call, answer, request.DryRun, call.Get(noWait), "Applying");
        });
        return command;
    }

    /// <summary>Writes an apply's (or a rollback's) answer, following it to COMMITTED unless asked not to.</summary>
    public static async Task<int> ReportAsync(Call call, ApplyFleetResponse answer, bool dryRun, bool noWait, string label)
    {
        var printer = call.Printer;
        if (!dryRun && !noWait && answer.State == ApplyState.Committing)
        {
            var status = await ApplyFollower.WaitAsync(call, answer.ApplyId, label);
            if (status is not null)
            {
                answer.State = status.State;
            }
        }

        if (printer.Format == OutputFormat.Json)
        {
            printer.WriteJson(answer);
            return ExitCodes.Ok;
        }

        printer.Write(answer, ChangeTables.Changes(answer.Changes), "No changes: the fleet already holds this document.");
        if (printer.Format == OutputFormat.Table && answer.FlowImpacts.Count > 0)
        {
            printer.Say("");
            printer.Say("Declared flows whose decision the change turns:");
            ChangeTables.Impacts(answer.FlowImpacts).WriteAligned(printer.Out);
        }

        if (dryRun)
        {
            printer.Note(answer.Changes.Count == 0
                ? "Dry run: nothing to change."
                : $"Dry run: {ChangeTables.Summary(answer.Changes)}; nothing applied. Run again with --yes to apply.");
        }
        else if (!answer.Applied)
        {
            printer.Note("Nothing applied: the fleet already holds this document.");
        }
        else
        {
            var state = answer.State == ApplyState.Committing
                ? $"still committing (follow it: ztfleet fleet status {answer.ApplyId})"
                : "committed everywhere";
            printer.Note($"Applied as version {answer.Version} (generation {answer.Generation}, apply {answer.ApplyId}): {state}.");
        }

        return ExitCodes.Ok;
    }

    private static Command Export()
    {
        var file = Opt.Text("--file", "write the document to this file instead of stdout");
        var command = new Command("export", "Prints the current fleet document (YAML), as the control plane holds it.") { file };
        Run.Api(command, async call =>
        {
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel).ExportFleetAsync(new ExportFleetRequest(), call.Options);
            if (answer.CommittingApplyId.Length > 0)
            {
                call.Printer.Note($"note: apply {answer.CommittingApplyId} is still committing at some plants.");
            }

            if (call.Get(file) is { Length: > 0 } path)
            {
                await File.WriteAllTextAsync(path, answer.Document, call.CancellationToken);
                call.Printer.Note($"Wrote generation {answer.Generation} to {path}.");
            }
            else if (call.Printer.Format == OutputFormat.Json)
            {
                call.Printer.WriteJson(answer);
            }
            else
            {
                call.Printer.Out.Write(answer.Document);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status()
    {
        var apply = Opt.Id("APPLY_ID", "the apply id an apply or import printed");
        var wait = Opt.Flag("--wait", "wait until it has committed everywhere");
        var command = new Command("status", "How far an apply has got: plants and identities committed, the last error.") { apply, wait };
        Run.Api(command, async call =>
        {
            var status = call.Get(wait)
                ? await ApplyFollower.WaitAsync(call, call.Get(apply), "Committing")
                : await new FleetService.FleetServiceClient(call.Session.Channel).GetApplyStatusAsync(new GetApplyStatusRequest { ApplyId = call.Get(apply) }, call.Options);
            var table = new Table("field", "value")
                .Add("apply", status!.ApplyId)
                .Add("state", status.State)
                .Add("generation", status.Generation)
                .Add("plants", $"{status.PlantsCommitted}/{status.PlantsTotal}")
                .Add("identities", $"{status.IdentitiesCommitted}/{status.IdentitiesTotal}")
                .Add("last error", status.LastError)
                .Add("started", status.StartedAt)
                .Add("updated", status.UpdatedAt);
            call.Printer.Write(status, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Plants()
    {
        var command = new Command("plants", "The plants you may see, with their counts.");
        Run.Api(command, async call =>
        {
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel).ListPlantsAsync(new ListPlantsRequest(), call.Options);
            var table = new Table("id", "name", "time zone", "zones", "assets", "conduits", "flows", "identities");
            foreach (var plant in answer.Plants)
            {
                table.Add(plant.PlantId, plant.Name, plant.TimeZone, plant.Zones, plant.Assets, plant.Conduits, plant.Flows, plant.Identities);
            }

            call.Printer.Write(answer, table, "No plants.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
