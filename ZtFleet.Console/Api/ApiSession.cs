using Grpc.Core;
using Microsoft.AspNetCore.Components.Authorization;
using ZtFleet.Api.V1;
using ZtFleet.WebConsole.Hosting;

namespace ZtFleet.WebConsole.Api;

/// <summary>
/// The API as the signed-in user (one per circuit or request): every call carries the token of that user's sign-in,
/// so the API decides what they may see and do, as it does for any other client.
/// </summary>
public sealed class ApiSession(ApiChannel api, AuthenticationStateProvider authentication)
{
    /// <summary>Fleet: plants, assets, the flow map, versions.</summary>
    public FleetService.FleetServiceClient Fleet { get; } = new(api.Channel);

    /// <summary>Identities, access requests, locks.</summary>
    public AccessService.AccessServiceClient Access { get; } = new(api.Channel);

    /// <summary>Enforcement points and propagation.</summary>
    public EnforcementService.EnforcementServiceClient Enforcement { get; } = new(api.Channel);

    /// <summary>Detections.</summary>
    public MonitoringService.MonitoringServiceClient Monitoring { get; } = new(api.Channel);

    /// <summary>Incidents.</summary>
    public IncidentService.IncidentServiceClient Incidents { get; } = new(api.Channel);

    /// <summary>The audit trail.</summary>
    public AuditService.AuditServiceClient Audit { get; } = new(api.Channel);

    /// <summary>Compliance assessments, the improvement plan and the report.</summary>
    public ComplianceService.ComplianceServiceClient Compliance { get; } = new(api.Channel);

    /// <summary>Known vulnerabilities of assets (CSAF advisories).</summary>
    public VulnerabilityService.VulnerabilityServiceClient Vulnerabilities { get; } = new(api.Channel);

    /// <summary>Call options with the user's bearer token (and <paramref name="cancellationToken"/>).</summary>
    /// <exception cref="RpcException">UNAUTHENTICATED when the sign-in carries no token.</exception>
    public async Task<CallOptions> CallAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var token = state.User.FindFirst(ConsoleClaims.ApiToken)?.Value;
        if (string.IsNullOrEmpty(token))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Not signed in."));
        }

        return new CallOptions(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: cancellationToken);
    }
}
