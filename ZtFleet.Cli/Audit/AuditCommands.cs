using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Audit;

/// <summary><c>ztfleet audit</c>: list a scope's records, verify its chain (exit 1 when broken). docs/audit.md.</summary>
internal static class AuditCommands
{
    public static Command Create()
    {
        var audit = new Command("audit", "The audit trail: list records, verify a chain.");
        audit.Subcommands.Add(List());
        audit.Subcommands.Add(Verify());
        return audit;
    }

    private static Option<string> Scope() => new("--scope") { Description = "a plant id, or fleet", Required = true };

    private static Command List()
    {
        var scope = Scope();
        var actor = Opt.Text("--actor", "the actor, or a subject");
        var action = Opt.Text("--action", "actions starting with this (decision. matches decision.deny)");
        var target = Opt.Text("--target", "the target exactly");
        var since = Opt.Text("--since", "records at or after (ISO 8601, or -24h)");
        var until = Opt.Text("--until", "records before (ISO 8601)");
        var oldestFirst = Opt.Flag("--oldest-first", "oldest first (default newest first)");
        var limit = Opt.Limit(100);
        var command = new Command("list", "A scope's audit records that match, newest first.") { scope, actor, action, target, since, until, oldestFirst, limit };
        Run.Api(command, async call =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new ListAuditRecordsRequest
            {
                Scope = call.Get(scope),
                Actor = call.Get(actor) ?? "",
                ActionPrefix = call.Get(action) ?? "",
                Target = call.Get(target) ?? "",
                From = TimeArg.Parse(call.Get(since), "--since", now),
                To = TimeArg.Parse(call.Get(until), "--until", now),
                OldestFirst = call.Get(oldestFirst),
                PageSize = Math.Clamp(call.Get(limit), 1, 1000),
            };
            var client = new AuditService.AuditServiceClient(call.Session.Channel);
            var all = new ListAuditRecordsResponse();
            do
            {
                var page = await client.ListAuditRecordsAsync(request, call.Options);
                all.Records.Add(page.Records.Take(call.Get(limit) - all.Records.Count));
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Records.Count < call.Get(limit));

            var table = new Table("sequence", "at", "actor", "action", "target", "outcome", "detail");
            foreach (var r in all.Records)
            {
                table.Add(r.Sequence, r.At, r.Actor, r.Action, r.Target, r.Outcome, r.Detail);
            }

            call.Printer.Write(all, table, "No records match.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify()
    {
        var scope = Scope();
        var from = new Option<long>("--from-sequence") { Description = "the first sequence (default 1)" };
        var to = new Option<long>("--to-sequence") { Description = "the last (default the head)" };
        var command = new Command("verify", "Checks a chain's hashes, links and signed checkpoints (exit 0 intact, 1 broken).") { scope, from, to };
        Run.Api(command, async call =>
        {
            var answer = await new AuditService.AuditServiceClient(call.Session.Channel)
                .VerifyAuditChainAsync(new VerifyAuditChainRequest { Scope = call.Get(scope), FromSequence = call.Get(from), ToSequence = call.Get(to) }, call.Options);
            var table = new Table("field", "value")
                .Add("scope", answer.Scope)
                .Add("range", $"{answer.FromSequence}-{answer.ToSequence}")
                .Add("checked", answer.Checked)
                .Add("intact", answer.Intact)
                .Add("first broken", answer.FirstBrokenSequence == 0 ? "" : answer.FirstBrokenSequence)
                .Add("reason", answer.Reason)
                .Add("explanation", answer.Explanation)
                .Add("checkpoints", $"{answer.Checkpoints.Count(c => c.SignatureValid)} of {answer.Checkpoints.Count} signatures valid");
            call.Printer.Write(answer, table);
            return answer.Intact ? ExitCodes.Ok : ExitCodes.Refused;
        });
        return command;
    }
}
