using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ZtFleet.Api.V1;
using ZtFleet.WebConsole.Api;

namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// <c>GET /compliance/{scope}/report</c>: the compliance report (GetComplianceReport) of a scope's newest assessment
/// as the signed-in user sees it, served as an HTML page by the console. The token stays in the sign-in cookie's
/// claims: the browser only ever sees this console's URL. The page is sandboxed (no scripts, no requests).
/// </summary>
public static class ComplianceReportEndpoint
{
    /// <summary>The report's path for a scope (a plant id, or <c>fleet</c>).</summary>
    public static string PathOf(string scope) => $"/compliance/{Uri.EscapeDataString(scope)}/report";

    /// <summary>Maps the endpoint (signed-in users only).</summary>
    public static void Map(WebApplication app) =>
        app.MapGet("/compliance/{scope}/report", [Authorize] async (string scope, HttpContext context, ApiChannel api) =>
        {
            var token = context.User.FindFirst(ConsoleClaims.ApiToken)?.Value;
            if (string.IsNullOrEmpty(token))
            {
                return Results.Unauthorized();
            }

            try
            {
                var client = new ComplianceService.ComplianceServiceClient(api.Channel);
                var report = await client.GetComplianceReportAsync(
                    new GetComplianceReportRequest { Scope = scope },
                    new CallOptions(new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: context.RequestAborted));
                context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
                context.Response.Headers.CacheControl = "no-store";
                return Results.Content(report.Html, "text/html; charset=utf-8");
            }
            catch (RpcException ex)
            {
                // The API's refusal, shown as plain text with the nearest HTTP status.
                var status = ex.StatusCode switch
                {
                    StatusCode.NotFound => StatusCodes.Status404NotFound,
                    StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                    StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
                    StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
                    _ => StatusCodes.Status502BadGateway,
                };
                return Results.Text(Components.ConsolePage.Describe(ex), "text/plain; charset=utf-8", statusCode: status);
            }
        });
}
