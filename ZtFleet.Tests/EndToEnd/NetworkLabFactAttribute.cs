namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// A test that builds its own network namespaces: skipped with the reason where it cannot run (not root, no ip, nft or
/// node), except in CI (<c>CI=true</c>), where it runs and fails on the missing prerequisite.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NetworkLabFactAttribute : FactAttribute
{
    public NetworkLabFactAttribute()
    {
        if (HostTools.MissingPrerequisite() is { } reason && !HostTools.InCi)
        {
            Skip = $"end-to-end test skipped: {reason}";
        }
    }
}
