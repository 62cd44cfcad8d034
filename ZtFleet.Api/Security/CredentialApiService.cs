using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Security;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;

namespace ZtFleet.Api.Security;

/// <summary>
/// <c>ztfleet.v1.CredentialService</c>: revokes administrative (and enrollment) tokens by id into the fleet's deny list
/// (<see cref="ITokenRevocationGrain"/>) and lists it. This process applies a revocation at once; the others hear of
/// it through the push (<see cref="RevocationList"/>).
/// </summary>
public sealed class CredentialApiService(
    IClusterClient cluster,
    RevocationList revocations,
    AuditWriter audit,
    IOptions<AuthOptions> options,
    ControlPlaneClock time) : CredentialService.CredentialServiceBase
{
    /// <summary>Longest token id accepted (an enrollment token's id carries its name and creator).</summary>
    public const int MaxTokenIdLength = 1024;

    /// <summary>
    /// The longest any token the API issues lives: an enforcement point's credential
    /// (<see cref="EnforcementApiService.CredentialLifetime"/>, 365 days), longer than an enrollment token (7 days at
    /// most). A revoked id is kept at least this long (or <see cref="AuthOptions.MaxAdminTokenLifetime"/>, if longer),
    /// so no token with that id can be valid once its entry leaves the deny list.
    /// </summary>
    public static readonly TimeSpan LongestIssuedTokenLifetime = EnforcementApiService.CredentialLifetime;

    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = 500;

    public override async Task<RevokeTokenResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        if (request.TokenId.Length is 0 or > MaxTokenIdLength || !request.TokenId.All(c => c is > ' ' and <= '~'))
        {
            violations.Add(new Violation("token_id", $"must be 1-{MaxTokenIdLength} printable ASCII characters (the token's jti claim); got {Echo.Of(request.TokenId)}"));
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
        {
            violations.Add(new Violation("reason", $"is required, at most {MaxReasonLength} characters"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid revocation.", violations);
        }

        caller.Authorize(AdminAction.RevokeToken);

        // No token with this id can be valid after this: not an administrative one (none lives longer, or expires
        // later than that from now: TokenService refuses those), nor an enrollment token or a point's credential
        // (issued here before now, for at most LongestIssuedTokenLifetime).
        var keptFor = options.Value.MaxAdminTokenLifetime > LongestIssuedTokenLifetime ? options.Value.MaxAdminTokenLifetime : LongestIssuedTokenLifetime;
        var keepUntil = time.GetUtcNow() + keptFor + (2 * TokenService.ClockSkew);
        var reason = request.Reason.Trim();
        var revocation = await cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet)
            .RevokeTokenAsync(request.TokenId, keepUntil, caller.ToString(), reason, context.CancellationToken);
        revocations.Apply(revocation);
        var entry = revocation.Token!;
        await audit.RecordAsync(caller, null, "credential.token.revoked", $"token/{request.TokenId}", revocation.RevokedNow ? "revoked" : "already-revoked", new
        {
            reason,
            keptUntil = entry.KeptUntil,
            version = revocation.Version,
        });
        return new RevokeTokenResponse
        {
            TokenId = entry.TokenId,
            RevokedNow = revocation.RevokedNow,
            KeptUntil = Timestamp.FromDateTimeOffset(entry.KeptUntil),
            Version = revocation.Version,
        };
    }

    public override async Task<ListRevokedTokensResponse> ListRevokedTokens(ListRevokedTokensRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.ReadRevocations);

        var list = await cluster.GetGrain<ITokenRevocationGrain>(GrainKeys.Fleet).GetAsync(context.CancellationToken);
        var response = new ListRevokedTokensResponse { Version = list.Version };
        response.Tokens.AddRange(list.Tokens.OrderBy(t => t.RevokedAt).Select(t => Entry(t.TokenId, t.RevokedAt, t.RevokedBy, t.Reason, t.KeptUntil)));
        response.EnforcementPoints.AddRange(
            list.EnforcementPoints.OrderBy(p => p.RevokedAt).Select(p => Entry(p.EnforcementPointId, p.RevokedAt, p.RevokedBy, p.Reason, p.KeptUntil)));
        return response;
    }

    private static RevokedCredential Entry(string id, DateTimeOffset revokedAt, string revokedBy, string reason, DateTimeOffset keptUntil) => new()
    {
        CredentialId = id,
        RevokedAt = Timestamp.FromDateTimeOffset(revokedAt),
        RevokedBy = revokedBy,
        Reason = reason,
        KeptUntil = Timestamp.FromDateTimeOffset(keptUntil),
    };
}
