namespace ZtFleet.Tests.Agent;

internal static class FileModes
{
    /// <summary>Whether only the owner may read and write the file (always true where there are no Unix modes).</summary>
    public static bool IsOwnerOnly(string path) =>
        OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == (UnixFileMode.UserRead | UnixFileMode.UserWrite);
}
