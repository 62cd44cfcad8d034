using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace ZtFleet.AppHost.Commands;

/// <summary>
/// Runs the API's own token command (<c>ZtFleet.Api token --role fleet-admin</c>, docs/credentials.md) with the key the
/// AppHost gives the API, so a token printed here is one the running API accepts.
/// </summary>
internal static class ApiTokenProcess
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>A fleet-admin bearer token for <paramref name="subject"/>, valid one hour; throws with the command's error otherwise.</summary>
    public static async Task<string> IssueAsync(
        ProjectResource api, ParameterResource signingKey, string environment, string subject, CancellationToken cancellationToken)
    {
        var key = await signingKey.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException("The API has no signing key (Parameters:auth-signing-key).");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "run", "--no-build", "--no-launch-profile", "-c", Configuration, "--project", api.GetProjectMetadata().ProjectPath,
            "--", "token", "--role", "fleet-admin", "--subject", subject, "--hours", "1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ZtFleet__Auth__SigningKey"] = key;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var token = (await output).Trim();
        return process.ExitCode == 0 && token.Length > 0
            ? token.Split('\n')[^1].Trim()
            : throw new InvalidOperationException($"The API's token command failed (exit {process.ExitCode}): {(await error).Trim()}");
    }
}
