namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// What a test needs of the machine (a program such as <c>nft</c> or <c>dot</c>, root): where it is missing the
/// test is reported as skipped with the reason, never as passed; in CI (<c>CI=true</c>, which <c>.ci/run</c> exports
/// and where it installs every such program and runs as root) a missing prerequisite fails the test instead.
/// </summary>
/// <remarks>Tests that call <see cref="Require"/> are <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>: under a plain
/// <c>[Fact]</c> the skip would be reported as a failure.</remarks>
internal static class HostPrerequisite
{
    /// <summary>True in CI, where a test must run rather than skip.</summary>
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Skips the running test with <paramref name="missing"/> as the reason (in CI: fails it) unless it is null.
    /// </summary>
    public static void Require(string? missing)
    {
        if (missing is null)
        {
            return;
        }

        Assert.False(InCi, $"CI must run this test, but {missing}");
        throw new SkipException($"skipped: {missing}");
    }

    /// <summary>The first existing file named <paramref name="name"/> on the PATH or in the usual system folders.</summary>
    public static string? FindProgram(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/bin"])
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }
}
