using System.Text.Json;
using System.Text.Json.Serialization;
using ZtFleet.Cli.Hosting;

namespace ZtFleet.Cli.Configuration;

/// <summary>
/// Reads and writes the configuration file: <c>$ZTFLEET_CONFIG</c>, else <c>ztfleet/config.json</c> under the user's
/// configuration folder (<c>$XDG_CONFIG_HOME</c> or <c>~/.config</c> on Linux and macOS, <c>%APPDATA%</c> on Windows).
/// The file holds bearer tokens: it is created with mode 0600 in a folder of mode 0700, and written whole through a
/// temporary file so a crash never leaves half a token.
/// </summary>
internal static class ConfigStore
{
    public const string PathVariable = "ZTFLEET_CONFIG";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Where the configuration lives.</summary>
    public static string FilePath
    {
        get
        {
            if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
            {
                return Path.GetFullPath(configured);
            }

            var folder = Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(folder))
            {
                folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            }

            return Path.Combine(folder, "ztfleet", "config.json");
        }
    }

    /// <summary>The stored configuration, or an empty one when there is no file.</summary>
    public static CliConfig Load()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return new CliConfig();
        }

        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path), Json) ?? new CliConfig();
        }
        catch (JsonException ex)
        {
            throw new CliFailure(ExitCodes.Usage, $"The configuration file {path} is not valid JSON ({ex.Message}): fix it, or run ztfleet logout and log in again.");
        }
    }

    /// <summary>Writes <paramref name="config"/> with mode 0600.</summary>
    public static void Save(CliConfig config)
    {
        var path = FilePath;
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            if (!OperatingSystem.IsWindows())
            {
                // UnixCreateMode applies only when the file is created: a leftover temporary file keeps its mode otherwise.
                File.SetUnixFileMode(stream.SafeFileHandle, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            JsonSerializer.Serialize(stream, config, Json);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the file; true when there was one.</summary>
    public static bool Delete()
    {
        var path = FilePath;
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
