using System.Text;

namespace ZtFleet.Agent.State;

/// <summary>
/// The agent's state directory: its credential, the last applied ruleset and temporary files. Files are written to a
/// temporary name and renamed, so a crash never leaves half a file, and are readable by their owner only (0600).
/// </summary>
public sealed class StateDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public StateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Path);
        }
        else
        {
            Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The full path of the directory.</summary>
    public string Path { get; }

    /// <summary>The full path of a file in the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file atomically with mode 0600.</summary>
    public void Write(string name, string text)
    {
        var target = File(name);
        var temporary = File($".{name}.{Guid.NewGuid():N}.tmp");
        WriteOwnerOnly(temporary, text);
        System.IO.File.Move(temporary, target, overwrite: true);
    }

    /// <summary>Writes a new temporary file (mode 0600) and returns its path; the caller deletes it.</summary>
    public string WriteTemporary(string prefix, string text)
    {
        var path = File($"{prefix}-{Guid.NewGuid():N}.tmp");
        WriteOwnerOnly(path, text);
        return path;
    }

    /// <summary>The text of a file, or null when it does not exist.</summary>
    public string? Read(string name)
    {
        var path = File(name);
        return System.IO.File.Exists(path) ? System.IO.File.ReadAllText(path, Encoding.UTF8) : null;
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.Write(text);
        }
    }
}
