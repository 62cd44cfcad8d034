using System.Diagnostics;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>The host programs the end-to-end test needs (ip, nft, node, npm), and running them.</summary>
internal static class HostTools
{
    public static string? Ip { get; } = HostPrerequisite.FindProgram("ip");

    public static string? Nft { get; } = HostPrerequisite.FindProgram("nft");

    public static string? Node { get; } = HostPrerequisite.FindProgram("node");

    public static string? Npm { get; } = HostPrerequisite.FindProgram("npm");

    /// <summary>Wireshark's command-line dissector (Debian's <c>tshark</c>): the independent view of the traffic.</summary>
    public static string? Tshark { get; } = HostPrerequisite.FindProgram("tshark");

    /// <summary>
    /// Why the end-to-end test cannot run here, or null when it can (for <see cref="HostPrerequisite.Require"/>:
    /// skipped with this reason, failed in CI).
    /// </summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "network namespaces need Linux";
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return "network namespaces and nftables need root (CAP_NET_ADMIN); run the tests as root";
        }

        if (Ip is null)
        {
            return "ip (iproute2) is not installed";
        }

        if (Nft is null)
        {
            return "nft (nftables) is not installed";
        }

        if (Node is null || Npm is null)
        {
            return "node and npm are not installed (the Modbus peers are npm's modbus-serial)";
        }

        return null;
    }

    /// <summary>Runs a program to its end; throws with its output when it fails.</summary>
    public static string Run(string file, params string[] arguments) => Run(file, arguments, workingDirectory: null, TimeSpan.FromSeconds(30));

    public static string Run(string file, IEnumerable<string> arguments, string? workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', start.ArgumentList)} failed (exit {process.ExitCode}): {error.Result.Trim()} {output.Result.Trim()}");
        }

        return output.Result;
    }

    /// <summary>Runs a program and ignores its failure (cleanup).</summary>
    public static void TryRun(string file, params string[] arguments)
    {
        try
        {
            Run(file, arguments);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
        }
    }
}
