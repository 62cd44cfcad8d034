using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZtFleet.AppHost.Commands;

/// <summary>
/// Resource commands on the API for common local actions (docs/local-run.md): print an admin token, apply the demo
/// fleet. Both are enabled while the API is running and healthy.
/// </summary>
internal static class ApiCommandExtensions
{
    public const string AdminTokenCommand = "admin-token";
    public const string ApplyDemoFleetCommand = "apply-demo-fleet";

    public static IResourceBuilder<ProjectResource> WithApiCommands(
        this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> signingKey, int port, string? demoFleet)
    {
        var environment = api.ApplicationBuilder.Environment.EnvironmentName;
        api.WithCommand(
            AdminTokenCommand,
            "Print an admin token",
            async context =>
            {
                try
                {
                    var token = await ApiTokenProcess.IssueAsync(api.Resource, signingKey.Resource, environment, "apphost", context.CancellationToken);
                    return CommandResults.Success("A fleet-admin bearer token, valid one hour.", token, CommandResultFormat.Text, displayImmediately: true);
                }
                catch (InvalidOperationException ex)
                {
                    return CommandResults.Failure(ex.Message);
                }
            },
            new CommandOptions
            {
                Description = "Issues a fleet-admin bearer token (one hour) with the API's signing key, as `ZtFleet.Api token --role fleet-admin` does.",
                IconName = "Key",
                UpdateState = WhenHealthy,
            });

        if (demoFleet is null)
        {
            return api;
        }

        api.WithCommand(
            ApplyDemoFleetCommand,
            "Apply the demo fleet",
            async context =>
            {
                try
                {
                    var token = await ApiTokenProcess.IssueAsync(api.Resource, signingKey.Resource, environment, "apphost", context.CancellationToken);
                    var request = new List<byte>();
                    GrpcUnaryCall.WriteString(request, 1, await File.ReadAllTextAsync(demoFleet, context.CancellationToken)); // document
                    GrpcUnaryCall.WriteString(request, 4, "demo fleet applied from the AppHost"); // reason
                    var response = await GrpcUnaryCall.CallAsync(
                        new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"),
                        "/ztfleet.v1.FleetService/ApplyFleet",
                        [.. request],
                        token,
                        context.CancellationToken);
                    var fields = GrpcUnaryCall.Fields(response);
                    var changes = fields.GetValueOrDefault(3).Count;
                    return CommandResults.Success(changes == 0
                        ? $"The fleet already holds {Path.GetFileName(demoFleet)}: nothing changed."
                        : $"Applied {Path.GetFileName(demoFleet)}: {changes.ToString(CultureInfo.InvariantCulture)} change(s), generation {fields.GetValueOrDefault(2).Varint.ToString(CultureInfo.InvariantCulture)}.");
                }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or IOException)
                {
                    return CommandResults.Failure(ex.Message);
                }
            },
            new CommandOptions
            {
                Description = $"Applies {demoFleet} to the running fleet (ApplyFleet without pruning: plants and identities it does not name stay).",
                ConfirmationMessage = "Apply the demo fleet document to the running fleet?",
                IconName = "DocumentArrowUp",
                UpdateState = WhenHealthy,
            });
        return api;
    }

    private static ResourceCommandState WhenHealthy(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.HealthStatus == HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}
