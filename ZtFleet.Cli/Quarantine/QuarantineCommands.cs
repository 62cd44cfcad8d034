using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Quarantine;

/// <summary><c>ztfleet quarantine</c>: request, approve, reject, release (lift) and its approval, list, show (docs/quarantine.md).</summary>
internal static class QuarantineCommands
{
    public static Command Create()
    {
        var quarantine = new Command("quarantine", "Asset quarantine: request, approve, reject, release, list, show.");
        quarantine.Subcommands.Add(Request());
        quarantine.Subcommands.Add(Step("approve", "Approves a requested quarantine (an approver of the plant, not the one who asked).", "--comment", false,
            (client, plant, id, text, options) => client.ApproveQuarantineAsync(new ApproveQuarantineRequest { PlantId = plant, QuarantineId = id, Comment = text }, options).ResponseAsync));
        quarantine.Subcommands.Add(Step("reject", "Ends the pending step: a requested quarantine is rejected, a requested release refused.", "--reason", true,
            (client, plant, id, text, options) => client.RejectQuarantineAsync(new RejectQuarantineRequest { PlantId = plant, QuarantineId = id, Reason = text }, options).ResponseAsync));
        quarantine.Subcommands.Add(Step("release", "Asks for the lift of a quarantine in force; it stays in force until approved.", "--reason", true,
            (client, plant, id, text, options) => client.RequestLiftAsync(new RequestLiftRequest { PlantId = plant, QuarantineId = id, Reason = text }, options).ResponseAsync));
        quarantine.Subcommands.Add(Step("approve-release", "Approves the pending release (lift) of a quarantine.", "--comment", false,
            (client, plant, id, text, options) => client.ApproveLiftAsync(new ApproveLiftRequest { PlantId = plant, QuarantineId = id, Comment = text }, options).ResponseAsync));
        quarantine.Subcommands.Add(List());
        quarantine.Subcommands.Add(Show());
        return quarantine;
    }

    private static Command Request()
    {
        var plant = Opt.Plant();
        var asset = Opt.Text("--asset", "the asset to quarantine", required: true);
        var mode = Opt.Choice<QuarantineMode>("--mode", "how far to cut it off", required: true);
        var reason = Opt.Text("--reason", "why: the incident, ticket or detection", required: true);
        var accessFrom = Opt.Many("--access-from", "isolate only: assets that may still read from it (the quarantine path)");
        var id = Opt.Text("--id", "the quarantine id (default: generated)");
        var command = new Command("request", "Quarantines an asset (at once; a safety-related one waits for two approvers).") { plant, asset, mode, reason, accessFrom, id };
        Run.Api(command, async call =>
        {
            var request = new QuarantineAssetRequest
            {
                QuarantineId = call.Get(id) ?? Opt.NewId("q"),
                PlantId = call.Get(plant),
                AssetId = call.Get(asset),
                Mode = EnumText.Parse<QuarantineMode>(call.Get(mode), "--mode"),
                Reason = call.Get(reason),
            };
            request.AccessFromAssetIds.Add(Opt.Split(call.Get(accessFrom)));
            var answer = await new QuarantineService.QuarantineServiceClient(call.Session.Channel).QuarantineAssetAsync(request, call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Step(
        string name,
        string description,
        string textOption,
        bool required,
        Func<QuarantineService.QuarantineServiceClient, string, string, string, Grpc.Core.CallOptions, Task<Api.V1.Quarantine>> send)
    {
        var plant = Opt.Plant();
        var id = Opt.Id("QUARANTINE", "the quarantine id");
        var text = Opt.Text(textOption, required ? "why (required)" : "kept with the approval", required);
        var command = new Command(name, description) { plant, id, text };
        Run.Api(command, async call =>
        {
            var answer = await send(new QuarantineService.QuarantineServiceClient(call.Session.Channel), call.Get(plant), call.Get(id), call.Get(text) ?? "", call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var plant = Opt.Plant();
        var inForce = Opt.Flag("--in-force", "only those in force (in force, release requested)");
        var command = new Command("list", "The quarantines of a plant, oldest first.") { plant, inForce };
        Run.Api(command, async call =>
        {
            var answer = await new QuarantineService.QuarantineServiceClient(call.Session.Channel)
                .ListQuarantinesAsync(new ListQuarantinesRequest { PlantId = call.Get(plant), InForceOnly = call.Get(inForce) }, call.Options);
            var table = new Table("id", "asset", "mode", "status", "approvals", "requested by", "requested at", "reason");
            foreach (var q in answer.Quarantines)
            {
                table.Add(q.QuarantineId, q.AssetId, q.Mode, q.Status, $"{q.ApprovedBy.Count}/{q.RequiredApprovals}", q.RequestedBy, q.RequestedAt, q.Reason);
            }

            call.Printer.Write(answer, table, "No quarantines.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var plant = Opt.Plant();
        var id = Opt.Id("QUARANTINE", "the quarantine id");
        var command = new Command("show", "One quarantine and its workflow.") { plant, id };
        Run.Api(command, async call =>
        {
            var answer = await new QuarantineService.QuarantineServiceClient(call.Session.Channel)
                .GetQuarantineAsync(new GetQuarantineRequest { PlantId = call.Get(plant), QuarantineId = call.Get(id) }, call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table Describe(Api.V1.Quarantine q) => new Table("field", "value")
        .Add("quarantine", q.QuarantineId)
        .Add("plant", q.PlantId)
        .Add("asset", q.AssetId)
        .Add("mode", q.Mode)
        .Add("status", q.Status)
        .Add("safety related", q.SafetyRelated)
        .Add("access from", q.AccessFromAssetIds)
        .Add("reason", q.Reason)
        .Add("requested by", q.RequestedBy)
        .Add("requested at", q.RequestedAt)
        .Add("approvals", $"{q.ApprovedBy.Count} of {q.RequiredApprovals}" + (q.ApprovedBy.Count > 0 ? $" ({string.Join(", ", q.ApprovedBy)})" : ""))
        .Add("in force since", q.InForceSince)
        .Add("release requested by", q.LiftRequestedBy)
        .Add("release reason", q.LiftReason)
        .Add("release approvals", q.LiftRequiredApprovals == 0 ? "" : $"{q.LiftApprovedBy.Count} of {q.LiftRequiredApprovals}")
        .Add("supersedes", q.Supersedes)
        .Add("superseded by", q.SupersededBy)
        .Add("closed by", q.ClosedBy)
        .Add("closed reason", q.ClosedReason)
        .Add("epoch", q.Epoch);
}
