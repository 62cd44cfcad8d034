using System.CommandLine;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Configuration;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Login;

/// <summary><c>ztfleet login</c> (a token, or the OIDC device flow), <c>logout</c>, <c>whoami</c>.</summary>
internal static class LoginCommands
{
    public static Command Login()
    {
        var token = Opt.Text("--token", $"a bearer token (or --token-file, or ${ApiSession.TokenVariable})");
        var tokenFile = Opt.Text("--token-file", "a file holding the bearer token; - reads stdin");
        var oidc = Opt.Flag("--oidc", "sign in at an OpenID Connect issuer with the device flow (RFC 8628)");
        var issuer = Opt.Text("--issuer", "the OIDC issuer (with --oidc)");
        var clientId = Opt.Text("--client-id", "the client id registered for ztfleet at the issuer (with --oidc)");
        var scope = Opt.Text("--scope", "the scopes asked for (with --oidc; default: openid profile offline_access)");
        var useIdToken = Opt.Flag("--use-id-token", "send the ID token instead of the access token (with --oidc)");
        var noVerify = Opt.Flag("--no-verify", "store the token without asking the server whether it accepts it");
        var command = new Command("login", "Stores the server and your credentials (a token, or an OIDC device sign-in) in the configuration file.")
        {
            token, tokenFile, oidc, issuer, clientId, scope, useIdToken, noVerify,
        };
        Run.Local(command, async (parsed, printer, cancellationToken) =>
        {
            var config = ConfigStore.Load();
            var server = ApiSession.ResolveServer(parsed.GetValue(Globals.Server), config);
            if (parsed.GetValue(oidc))
            {
                if (parsed.GetValue(token) is not null || parsed.GetValue(tokenFile) is not null)
                {
                    throw new UsageException("--oidc signs in at the issuer: leave out --token and --token-file.");
                }

                var session = await DeviceLoginAsync(
                    parsed.GetValue(issuer) ?? config.Oidc?.Issuer ?? throw new UsageException("--oidc needs --issuer."),
                    parsed.GetValue(clientId) ?? config.Oidc?.ClientId ?? throw new UsageException("--oidc needs --client-id."),
                    parsed.GetValue(scope) ?? "openid profile offline_access",
                    parsed.GetValue(useIdToken),
                    printer,
                    cancellationToken);
                if (!parsed.GetValue(noVerify))
                {
                    await VerifyAsync(server, session.Bearer!, cancellationToken);
                }

                ConfigStore.Save(new CliConfig { Server = server.ToString(), Oidc = session });
                printer.Note($"Logged in to {server} as {Subject(session.Bearer)} (OIDC, {session.Issuer}). Configuration: {ConfigStore.FilePath}");
                return ExitCodes.Ok;
            }

            var bearer = parsed.GetValue(token);
            if (parsed.GetValue(tokenFile) is { } file)
            {
                bearer = Opt.ReadFile(file);
            }

            if (string.IsNullOrWhiteSpace(bearer))
            {
                bearer = Environment.GetEnvironmentVariable(ApiSession.TokenVariable);
            }

            if (string.IsNullOrWhiteSpace(bearer))
            {
                throw new UsageException($"Give --token, --token-file or ${ApiSession.TokenVariable}, or --oidc.");
            }

            bearer = bearer.Trim();
            if (!parsed.GetValue(noVerify))
            {
                await VerifyAsync(server, bearer, cancellationToken);
            }

            ConfigStore.Save(new CliConfig { Server = server.ToString(), Token = bearer });
            printer.Note($"Logged in to {server} as {Subject(bearer)}. Configuration: {ConfigStore.FilePath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Logout()
    {
        var command = new Command("logout", "Forgets the stored server and credentials (deletes the configuration file).");
        Run.Local(command, (_, printer, _) =>
        {
            printer.Note(ConfigStore.Delete() ? $"Logged out: {ConfigStore.FilePath} deleted." : "Not logged in.");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    public static Command WhoAmI()
    {
        var command = new Command("whoami", "Who the stored (or $ZTFLEET_TOKEN) token says you are, and whether the server accepts it.");
        Run.Api(command, async call =>
        {
            var config = ConfigStore.Load();
            var token = call.Options.Headers!.GetValue("authorization")!["Bearer ".Length..];
            var claims = TokenClaims.Read(token);
            var source = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ApiSession.TokenVariable)) ? $"${ApiSession.TokenVariable}"
                : config.Token is not null ? "token (ztfleet login)" : $"OIDC ({config.Oidc?.Issuer})";
            var accepted = "yes";
            var exit = ExitCodes.Ok;
            try
            {
                await new FleetService.FleetServiceClient(call.Session.Channel).ListPlantsAsync(new ListPlantsRequest(), call.Options);
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
            {
                // The token is valid; its role may simply not list plants.
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
            {
                accepted = $"no: {ex.Status.Detail}";
                exit = ExitCodes.Unauthenticated;
            }

            var table = new Table("field", "value").Add("server", call.Session.Server).Add("credential", source);
            var json = new Google.Protobuf.WellKnownTypes.Struct();
            json.Fields["server"] = Google.Protobuf.WellKnownTypes.Value.ForString(call.Session.Server.ToString());
            json.Fields["credential"] = Google.Protobuf.WellKnownTypes.Value.ForString(source);
            json.Fields["accepted"] = Google.Protobuf.WellKnownTypes.Value.ForBool(exit == ExitCodes.Ok);
            if (claims is { } c)
            {
                // The API's own tokens say role and plants; an OIDC issuer's say ztfleet_role and ztfleet_plants by default (docs/oidc.md).
                foreach (var (field, names) in new[]
                {
                    ("subject", new[] { "sub" }), ("role", ["role", "ztfleet_role"]), ("plants", ["plants", "ztfleet_plants"]),
                    ("zones", ["zones"]), ("issuer", ["iss"]), ("token id", ["jti"]),
                })
                {
                    var value = names.Select(claim => TokenClaims.Text(c, claim)).FirstOrDefault(v => v.Length > 0) ?? "";
                    table.Add(field, value);
                    json.Fields[field.Replace(" ", "_", StringComparison.Ordinal)] = Google.Protobuf.WellKnownTypes.Value.ForString(value);
                }

                var expires = TokenClaims.Time(c, "exp");
                table.Add("expires", expires);
                json.Fields["expires"] = Google.Protobuf.WellKnownTypes.Value.ForString(expires is { } e ? e.ToString("O") : "");
            }

            table.Add("accepted by the server", accepted);
            call.Printer.Write(json, table);
            return exit;
        });
        return command;
    }

    private static async Task<OidcSession> DeviceLoginAsync(string issuer, string clientId, string scope, bool useIdToken, Printer printer, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var client = new OidcClient(http);
        var endpoints = await client.DiscoverAsync(issuer, cancellationToken);
        var device = await client.StartAsync(endpoints, clientId, scope, cancellationToken);
        printer.Note($"To sign in, open {device.VerificationUri} and enter the code {device.UserCode}");
        if (device.VerificationUriComplete is { } complete)
        {
            printer.Note($"(or open {complete})");
        }

        printer.Note($"Waiting for the sign-in (the code expires in {device.ExpiresIn.TotalMinutes:0} min)...");
        var answer = await client.PollAsync(endpoints, clientId, device, cancellationToken);
        var session = new OidcSession
        {
            Issuer = endpoints.Issuer,
            ClientId = clientId,
            TokenEndpoint = endpoints.TokenEndpoint,
            Scope = scope,
            AccessToken = answer.AccessToken,
            IdToken = answer.IdToken,
            RefreshToken = answer.RefreshToken,
            ExpiresAt = answer.ExpiresIn is { } lifetime ? DateTimeOffset.UtcNow + lifetime : null,
            UseIdToken = useIdToken,
        };
        if (string.IsNullOrEmpty(session.Bearer))
        {
            throw new CliFailure(ExitCodes.Unauthenticated, useIdToken ? "The issuer returned no ID token (ask for the openid scope)." : "The issuer returned no access token.");
        }

        return session;
    }

    /// <summary>Asks the server whether it accepts the token (PERMISSION_DENIED still means it does).</summary>
    private static async Task VerifyAsync(Uri server, string token, CancellationToken cancellationToken)
    {
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(server);
        try
        {
            await new FleetService.FleetServiceClient(channel).ListPlantsAsync(
                new ListPlantsRequest(), new CallOptions(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: cancellationToken));
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.PermissionDenied)
        {
            // Valid token of a role that does not list plants.
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            throw new CliFailure(ExitCodes.Unauthenticated, $"{server} refuses the token ({ex.Status.Detail}); nothing stored.");
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new CliFailure(ExitCodes.Unavailable, $"{server} cannot be reached ({ex.Status.Detail}); nothing stored (--no-verify stores it anyway).");
        }
    }

    private static string Subject(string? token) =>
        token is not null && TokenClaims.Read(token) is { } claims && TokenClaims.Text(claims, "sub") is { Length: > 0 } subject
            ? $"{subject}{((TokenClaims.Text(claims, "role") is { Length: > 0 } own ? own : TokenClaims.Text(claims, "ztfleet_role")) is { Length: > 0 } role ? $" ({role})" : "")}"
            : "(an opaque token)";
}
