using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Access;

/// <summary><c>ztfleet access</c>: temporary access requests and their approval; <c>ztfleet lock/unlock</c>.</summary>
internal static class AccessCommands
{
    public static Command Create()
    {
        var access = new Command("access", "Temporary access: request, approve, reject, revoke, show.");
        access.Subcommands.Add(Request());
        access.Subcommands.Add(Decide("approve", "Approves a request (an approver of its plant; never the requester or the beneficiary).", "--comment", "kept with the approval", required: false,
            (client, id, text, options) => client.ApproveAccessAsync(new ApproveAccessRequest { RequestId = id, Comment = text }, options).ResponseAsync));
        access.Subcommands.Add(Decide("reject", "Rejects a request that is not granted yet.", "--reason", "why (required)", required: true,
            (client, id, text, options) => client.RejectAccessAsync(new RejectAccessRequest { RequestId = id, Reason = text }, options).ResponseAsync));
        access.Subcommands.Add(Decide("revoke", "Revokes a request or an active grant at once.", "--reason", "why (required)", required: true,
            (client, id, text, options) => client.RevokeAccessAsync(new RevokeAccessRequest { RequestId = id, Reason = text }, options).ResponseAsync));
        access.Subcommands.Add(Show());
        access.Subcommands.Add(List("pending", "Requests waiting for approval at a plant (what an approver decides on).", [AccessRequestStatus.Requested]));
        access.Subcommands.Add(List("list", "A plant's access requests, newest first (--status to filter).", []));
        return access;
    }

    public static Command Lock()
    {
        var identity = Opt.Id("IDENTITY", "the identity to lock");
        var reason = Opt.Text("--reason", "why (kept in the audit)", required: true);
        var command = new Command("lock", "Locks an identity fleet-wide at once: every plant, every grant.") { identity, reason };
        Run.Api(command, async call =>
        {
            var answer = await new AccessService.AccessServiceClient(call.Session.Channel)
                .LockIdentityAsync(new LockIdentityRequest { IdentityId = call.Get(identity), Reason = call.Get(reason) }, call.Options);
            call.Printer.Write(answer, Epochs(answer));
            call.Printer.Note($"{call.Get(identity)} is locked at {answer.Epochs.Count} plant(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Unlock()
    {
        var identity = Opt.Id("IDENTITY", "the identity to unlock");
        var command = new Command("unlock", "Lifts an identity's lock.") { identity };
        Run.Api(command, async call =>
        {
            var answer = await new AccessService.AccessServiceClient(call.Session.Channel)
                .UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = call.Get(identity) }, call.Options);
            call.Printer.Write(answer, Epochs(answer));
            call.Printer.Note($"{call.Get(identity)} is unlocked.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Table Epochs(LockIdentityResponse answer)
    {
        var table = new Table("plant", "epoch");
        foreach (var epoch in answer.Epochs)
        {
            table.Add(epoch.PlantId, epoch.Epoch);
        }

        return table;
    }

    private static Command Request()
    {
        var identity = Opt.Text("--identity", "who the access is for", required: true);
        var plant = Opt.Plant();
        var operations = Opt.Choices<Operation>("--operation", "what they may do");
        operations.Required = true;
        var zones = Opt.Many("--zone", "target zones");
        var assets = Opt.Many("--asset", "target assets");
        var from = Opt.Text("--from", "start (ISO 8601, now, +1h; default now)");
        var until = Opt.Text("--until", "end (ISO 8601 or +4h)", required: true);
        var justification = Opt.Text("--justification", "why the access is needed", required: true);
        var workOrder = Opt.Text("--work-order", "the work order");
        var id = Opt.Text("--id", "the request id (default: generated); sending the same request with the same id again is harmless");
        var command = new Command("request", "Requests temporary access for an identity to zones or assets of a plant.")
        {
            identity, plant, operations, zones, assets, from, until, justification, workOrder, id,
        };
        Run.Api(command, async call =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new RequestAccessRequest
            {
                RequestId = call.Get(id) ?? Opt.NewId("req"),
                IdentityId = call.Get(identity),
                PlantId = call.Get(plant),
                NotBefore = TimeArg.Parse(call.Get(from) ?? "now", "--from", now),
                NotAfter = TimeArg.Parse(call.Get(until), "--until", now),
                Justification = call.Get(justification),
                WorkOrder = call.Get(workOrder) ?? "",
            };
            request.Operations.Add(Opt.Split(call.Get(operations)).Select(o => EnumText.Parse<Operation>(o, "--operation")));
            request.ZoneIds.Add(Opt.Split(call.Get(zones)));
            request.AssetIds.Add(Opt.Split(call.Get(assets)));
            var answer = await new AccessService.AccessServiceClient(call.Session.Channel).RequestAccessAsync(request, call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decide(
        string name,
        string description,
        string textOption,
        string textDescription,
        bool required,
        Func<AccessService.AccessServiceClient, string, string, Grpc.Core.CallOptions, Task<AccessRequest>> send)
    {
        var id = Opt.Id("REQUEST", "the request id");
        var text = Opt.Text(textOption, textDescription, required);
        var command = new Command(name, description) { id, text };
        Run.Api(command, async call =>
        {
            var answer = await send(new AccessService.AccessServiceClient(call.Session.Channel), call.Get(id), call.Get(text) ?? "", call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(string name, string description, AccessRequestStatus[] fixedStatuses)
    {
        var plant = Opt.Plant();
        var statuses = Opt.Choices<AccessRequestStatus>("--status", "only these statuses");
        var limit = Opt.Limit(100);
        var command = new Command(name, description) { plant, limit };
        if (fixedStatuses.Length == 0)
        {
            command.Options.Add(statuses);
        }

        Run.Api(command, async call =>
        {
            var query = new ListAccessRequestsRequest { PlantId = call.Get(plant), Limit = Math.Clamp(call.Get(limit), 1, 500) };
            query.Statuses.Add(fixedStatuses.Length > 0 ? fixedStatuses : Opt.Split(call.Parsed.GetValue(statuses)).Select(s => EnumText.Parse<AccessRequestStatus>(s, "--status")));
            var answer = await new AccessService.AccessServiceClient(call.Session.Channel).ListAccessRequestsAsync(query, call.Options);
            var table = new Table("request", "status", "identity", "operations", "targets", "from", "until", "approvals", "requested by", "justification");
            foreach (var request in answer.Requests)
            {
                table.Add(request.RequestId, request.Status, request.IdentityId, request.Operations.Select(o => EnumText.Format(o)),
                    request.ZoneIds.Concat(request.AssetIds), request.NotBefore, request.NotAfter,
                    $"{request.ApprovedBy.Count}/{request.RequiredApprovals}", request.RequestedBy, request.Justification);
            }

            call.Printer.Write(answer, table, fixedStatuses.Length > 0 ? "Nothing waits for approval." : "No access requests.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = Opt.Id("REQUEST", "the request id");
        var command = new Command("show", "One access request and where it stands.") { id };
        Run.Api(command, async call =>
        {
            var answer = await new AccessService.AccessServiceClient(call.Session.Channel).GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = call.Get(id) }, call.Options);
            call.Printer.Write(answer, Describe(answer));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Table Describe(AccessRequest request) => new Table("field", "value")
        .Add("request", request.RequestId)
        .Add("status", request.Status)
        .Add("identity", request.IdentityId)
        .Add("plant", request.PlantId)
        .Add("operations", request.Operations.Select(o => EnumText.Format(o)))
        .Add("zones", request.ZoneIds)
        .Add("assets", request.AssetIds)
        .Add("from", request.NotBefore)
        .Add("until", request.NotAfter)
        .Add("justification", request.Justification)
        .Add("work order", request.WorkOrder)
        .Add("requested by", request.RequestedBy)
        .Add("approvals", $"{request.ApprovedBy.Count} of {request.RequiredApprovals}" + (request.ApprovedBy.Count > 0 ? $" ({string.Join(", ", request.ApprovedBy)})" : ""))
        .Add("closed by", request.ClosedBy)
        .Add("closed reason", request.ClosedReason);
}
