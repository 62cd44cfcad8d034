using System.CommandLine;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Enforcement;

/// <summary>
/// <c>ztfleet ep</c> (enforcement points): enrollment tokens (issue, revoke, the deny list), the points of a plant,
/// propagation status of a delta, and revoking a point.
/// </summary>
internal static class EnforcementCommands
{
    public static Command Create()
    {
        var ep = new Command("enforcement-points", "Enforcement points: enrollment tokens, status, propagation, revocation.");
        ep.Aliases.Add("ep");
        ep.Subcommands.Add(Tokens());
        ep.Subcommands.Add(List());
        ep.Subcommands.Add(Status());
        ep.Subcommands.Add(Revoke());
        return ep;
    }

    private static Command Tokens()
    {
        var tokens = new Command("token", "Enrollment and bearer tokens: issue, revoke, list the revoked.");
        tokens.Subcommands.Add(Issue());
        tokens.Subcommands.Add(RevokeToken());
        tokens.Subcommands.Add(Revoked());
        return tokens;
    }

    private static Command Issue()
    {
        var id = Opt.Id("ENFORCEMENT_POINT", "the id the enforcement point will have");
        var plant = Opt.Plant();
        var zones = Opt.Many("--zone", "zones it guards (default: the whole plant)");
        var name = Opt.Text("--name", "a human name");
        var hours = new Option<int>("--valid-hours") { Description = "how long the token is valid (default 24, at most 168)" };
        var sensor = Opt.Flag("--sensor", "a sensor (telemetry and heartbeats only) instead of an enforcement point");
        var command = new Command("issue", "Issues a one-time enrollment token (printed on stdout) for an enforcement point or sensor.") { id, plant, zones, name, hours, sensor };
        Run.Api(command, async call =>
        {
            var request = new CreateEnrollmentTokenRequest
            {
                EnforcementPointId = call.Get(id),
                PlantId = call.Get(plant),
                Name = call.Get(name) ?? "",
                ValidHours = call.Get(hours),
                Kind = call.Get(sensor) ? EnrollmentKind.Sensor : EnrollmentKind.EnforcementPoint,
            };
            request.ZoneIds.Add(Opt.Split(call.Get(zones)));
            var answer = await new EnforcementService.EnforcementServiceClient(call.Session.Channel).CreateEnrollmentTokenAsync(request, call.Options);
            call.Printer.Write(answer, output =>
            {
                if (call.Printer.Format == OutputFormat.Csv)
                {
                    new Table("enrollment token", "expires").Add(answer.EnrollmentToken, answer.ExpiresAt).WriteCsv(output);
                    return;
                }

                output.WriteLine(answer.EnrollmentToken);
                call.Printer.Note($"One-time enrollment token for {request.EnforcementPointId} at {request.PlantId}, valid until {Table.Cell(answer.ExpiresAt)}.");
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RevokeToken()
    {
        var id = Opt.Id("TOKEN_ID", "the token's id (its jti claim)");
        var reason = Opt.Text("--reason", "why (required)", required: true);
        var command = new Command("revoke", "Revokes a bearer token or an unused enrollment token by its id (jti).") { id, reason };
        Run.Api(command, async call =>
        {
            var answer = await new CredentialService.CredentialServiceClient(call.Session.Channel)
                .RevokeTokenAsync(new RevokeTokenRequest { TokenId = call.Get(id), Reason = call.Get(reason) }, call.Options);
            call.Printer.Write(answer, new Table("token", "revoked now", "kept until", "version").Add(answer.TokenId, answer.RevokedNow, answer.KeptUntil, answer.Version));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoked()
    {
        var command = new Command("revoked", "The deny list: revoked tokens and enforcement points still in force.");
        Run.Api(command, async call =>
        {
            var answer = await new CredentialService.CredentialServiceClient(call.Session.Channel).ListRevokedTokensAsync(new ListRevokedTokensRequest(), call.Options);
            var table = new Table("kind", "id", "revoked at", "by", "reason", "kept until");
            foreach (var token in answer.Tokens)
            {
                table.Add("token", token.CredentialId, token.RevokedAt, token.RevokedBy, token.Reason, token.KeptUntil);
            }

            foreach (var point in answer.EnforcementPoints)
            {
                table.Add("enforcement-point", point.CredentialId, point.RevokedAt, point.RevokedBy, point.Reason, point.KeptUntil);
            }

            call.Printer.Write(answer, table, "Nothing is revoked.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var plant = Opt.Plant();
        var silentAfter = new Option<int>("--silent-after") { Description = "seconds without a heartbeat after which a point is silent (default 60)" };
        var command = new Command("list", "The enforcement points of a plant: acknowledged epoch, last heartbeat, behind or silent.") { plant, silentAfter };
        Run.Api(command, async call =>
        {
            var answer = await Propagation(call, call.Get(plant), 0, call.Get(silentAfter));
            var table = new Table("id", "name", "acknowledged epoch", "behind", "silent", "last heartbeat", "ruleset sha256");
            foreach (var point in answer.EnforcementPoints)
            {
                table.Add(point.EnforcementPointId, point.Name, point.AcknowledgedEpoch, point.Behind, point.Silent, point.LastHeartbeatAt, Short(point.RulesetSha256));
            }

            call.Printer.Write(answer, table, $"No enforcement points at {call.Get(plant)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Status()
    {
        var plant = Opt.Plant();
        var epoch = new Option<long>("--epoch") { Description = "the delta to follow (default: the plant's current epoch)" };
        var silentAfter = new Option<int>("--silent-after") { Description = "seconds without a heartbeat after which a point is silent (default 60)" };
        var command = new Command("status", "Propagation of a delta (a revocation, a quarantine): when each point acknowledged it.") { plant, epoch, silentAfter };
        Run.Api(command, async call =>
        {
            var answer = await Propagation(call, call.Get(plant), call.Get(epoch), call.Get(silentAfter));
            var table = new Table("id", "name", "acknowledged at", "latency ms", "acknowledged epoch", "behind", "silent", "last heartbeat");
            foreach (var point in answer.EnforcementPoints)
            {
                table.Add(point.EnforcementPointId, point.Name, point.AcknowledgedAt, point.LatencyMs < 0 ? "" : point.LatencyMs, point.AcknowledgedEpoch, point.Behind, point.Silent, point.LastHeartbeatAt);
            }

            var acknowledged = answer.EnforcementPoints.Count(p => p.LatencyMs >= 0);
            call.Printer.Say($"Epoch {answer.Epoch} at {answer.PlantId}, recorded {Table.Cell(answer.RecordedAt)}: {acknowledged} of {answer.EnforcementPoints.Count} enforcement points acknowledged.");
            call.Printer.Write(answer, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = Opt.Id("ENFORCEMENT_POINT", "the enforcement point");
        var reason = Opt.Text("--reason", "why (required)", required: true);
        var command = new Command("revoke", "Withdraws an enforcement point's credential (a stolen gateway, a decommissioned proxy).") { id, reason };
        Run.Api(command, async call =>
        {
            var answer = await new EnforcementService.EnforcementServiceClient(call.Session.Channel)
                .RevokeEnforcementPointAsync(new RevokeEnforcementPointRequest { EnforcementPointId = call.Get(id), Reason = call.Get(reason) }, call.Options);
            call.Printer.Write(answer, new Table("enforcement point", "plant", "revoked now").Add(answer.EnforcementPointId, answer.PlantId, answer.RevokedNow));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<GetPropagationStatusResponse> Propagation(Call call, string plant, long epoch, int silentAfter) =>
        await new EnforcementService.EnforcementServiceClient(call.Session.Channel).GetPropagationStatusAsync(
            new GetPropagationStatusRequest { PlantId = plant, Epoch = epoch, SilentAfterSeconds = silentAfter }, call.Options);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
