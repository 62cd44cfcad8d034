using Grpc.Core;
using Grpc.Net.Client;
using ZtFleet.Cli.Configuration;
using ZtFleet.Cli.Login;

namespace ZtFleet.Cli.Hosting;

/// <summary>
/// A gRPC channel to the API with the bearer token: <c>$ZTFLEET_TOKEN</c>, else the stored token, else the stored
/// OIDC session (refreshed first when it expires within a minute). The server is <c>--server</c>, else
/// <c>$ZTFLEET_SERVER</c>, else the stored one.
/// </summary>
internal sealed class ApiSession : IDisposable
{
    public const string TokenVariable = "ZTFLEET_TOKEN";
    public const string ServerVariable = "ZTFLEET_SERVER";

    private readonly Metadata _headers;

    private ApiSession(Uri server, string token)
    {
        Server = server;
        Channel = GrpcChannel.ForAddress(server, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024, MaxSendMessageSize = 16 * 1024 * 1024 });
        _headers = new Metadata { { "authorization", $"Bearer {token}" } };
    }

    public Uri Server { get; }

    public GrpcChannel Channel { get; }

    /// <summary>Call options with the token and the command's cancellation (Ctrl+C).</summary>
    public CallOptions Call(CancellationToken cancellationToken) => new(_headers, cancellationToken: cancellationToken);

    public static async Task<ApiSession> OpenAsync(string? serverOption, TextWriter notes, CancellationToken cancellationToken)
    {
        var config = ConfigStore.Load();
        var server = ResolveServer(serverOption, config);
        var token = Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
        {
            token = config.Token;
        }

        if (string.IsNullOrWhiteSpace(token) && config.Oidc is { } oidc)
        {
            token = await FreshOidcTokenAsync(config, oidc, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new CliFailure(ExitCodes.Unauthenticated, $"Not logged in: run ztfleet login --server URL --token TOKEN (or --oidc), or set {TokenVariable}.");
        }

        if (server.Scheme == "http" && !server.IsLoopback)
        {
            notes.WriteLine($"warning: {server} is plain http: the bearer token crosses the network in the clear.");
        }

        return new ApiSession(server, token.Trim());
    }

    /// <summary>The server to talk to; a usage error when none is configured or it is not an http(s) address.</summary>
    public static Uri ResolveServer(string? serverOption, CliConfig config)
    {
        var server = serverOption;
        if (string.IsNullOrWhiteSpace(server))
        {
            server = Environment.GetEnvironmentVariable(ServerVariable);
        }

        if (string.IsNullOrWhiteSpace(server))
        {
            server = config.Server;
        }

        if (string.IsNullOrWhiteSpace(server))
        {
            throw new CliFailure(ExitCodes.Usage, $"No server: run ztfleet login --server URL ..., or pass --server or set {ServerVariable}.");
        }

        return ParseServer(server);
    }

    public static Uri ParseServer(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"The server must be an absolute http:// or https:// address, not '{server}'.");
        }

        return uri;
    }

    private static async Task<string?> FreshOidcTokenAsync(CliConfig config, OidcSession oidc, CancellationToken cancellationToken)
    {
        if (oidc.ExpiresAt is { } expires && expires - DateTimeOffset.UtcNow < TimeSpan.FromMinutes(1))
        {
            if (oidc.RefreshToken is null)
            {
                throw new CliFailure(ExitCodes.Unauthenticated, "The OIDC session has expired and the issuer gave no refresh token: run ztfleet login --oidc again.");
            }

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var answer = await new OidcClient(http).RefreshAsync(oidc.TokenEndpoint, oidc.ClientId, oidc.RefreshToken, cancellationToken);
            oidc.AccessToken = answer.AccessToken ?? oidc.AccessToken;
            oidc.IdToken = answer.IdToken ?? oidc.IdToken;
            oidc.RefreshToken = answer.RefreshToken ?? oidc.RefreshToken;
            oidc.ExpiresAt = answer.ExpiresIn is { } lifetime ? DateTimeOffset.UtcNow + lifetime : null;
            ConfigStore.Save(config);
        }

        return oidc.Bearer;
    }

    public void Dispose() => Channel.Dispose();
}
