using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ZtFleet.Bench.PgScale;

/// <summary>The machine and the code a run measured: cores, memory, CPU, OS, .NET, and the commit.</summary>
internal static class MachineDescription
{
    public static IReadOnlyList<string> Describe(string productRoot, string postgresVersion)
    {
        var memory = Read("/proc/meminfo", "MemTotal:");
        var cpu = Read("/proc/cpuinfo", "model name");
        var os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?["PRETTY_NAME=".Length..].Trim('"')
            : null;
        var memoryText = memory is not null && long.TryParse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out var kib)
            ? Format.Bytes(kib * 1024)
            : "?";
        return
        [
            $"machine: {Environment.ProcessorCount} cores, {memoryText} memory, CPU {cpu ?? "?"}",
            $"os: {os ?? RuntimeInformation.OSDescription}; kernel {(File.Exists("/proc/sys/kernel/osrelease") ? File.ReadAllText("/proc/sys/kernel/osrelease").Trim() : "?")}",
            $".NET: {RuntimeInformation.FrameworkDescription} (the product processes run on the same runtime, Release builds)",
            $"PostgreSQL: {postgresVersion}",
            $"code: {Commit(productRoot)} ({productRoot})",
            $"load average at start: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?")}",
        ];
    }

    public static string Commit(string productRoot)
    {
        var head = Git(productRoot, "rev-parse", "--short=12", "HEAD") ?? "unknown commit";
        var dirty = Git(productRoot, "status", "--porcelain", "--untracked-files=no");
        return string.IsNullOrWhiteSpace(dirty) ? head : head + " with uncommitted changes";
    }

    private static string? Read(string file, string prefix) =>
        File.Exists(file)
            ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;

    private static string? Git(string folder, params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", folder, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
