using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.State;

namespace ZtFleet.Agent.Rulesets;

/// <summary>
/// Applies nftables scripts with the <c>nft</c> command: written to a temporary file in the state directory, checked
/// with <c>nft -c -f</c>, then applied with <c>nft -f</c>, which runs the whole file as one transaction (the script
/// replaces <c>table inet ztfleet</c>), so the kernel never holds half a ruleset.
/// </summary>
public sealed class NftablesApplier(StateDirectory state, string nft, ILogger<NftablesApplier> logger) : IRulesetApplier
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The <c>nft</c> binary: on the PATH, or Debian's /usr/sbin/nft (not always on the PATH).</summary>
    public static string Locate(string? configured)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(folder, "nft");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return "nft";
    }

    public async Task ApplyAsync(string text, CancellationToken cancellationToken)
    {
        var file = state.WriteTemporary("ruleset", text);
        try
        {
            await RunAsync(["-c", "-f", file], "check", cancellationToken);
            await RunAsync(["-f", file], "apply", cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task RunAsync(string[] arguments, string step, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(nft)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new RulesetApplyException($"could not start {nft}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new RulesetApplyException($"could not run {nft}: {ex.Message}", ex);
        }

        using (process)
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await output;
            var message = (await error).Trim();
            if (process.ExitCode != 0)
            {
                throw new RulesetApplyException($"nft {step} failed (exit {process.ExitCode}): {message}");
            }

            logger.LogDebug("nft {Step} passed", step);
        }
    }
}
