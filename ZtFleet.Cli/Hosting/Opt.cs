using System.CommandLine;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Hosting;

/// <summary>Builders of the options and arguments many commands share, so they read and complete the same everywhere.</summary>
internal static class Opt
{
    public static Option<string> Plant(bool required = true) =>
        new("--plant", "-p") { Description = "the plant id", Required = required };

    public static Option<string> Text(string name, string description, bool required = false) =>
        new(name) { Description = description, Required = required };

    public static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description + " (repeat, or separate with commas)", AllowMultipleArgumentsPerToken = true };

    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    public static Option<int> Limit(int fallback = 1000) =>
        new("--limit") { Description = $"at most this many rows (default {fallback})", DefaultValueFactory = _ => fallback };

    public static Option<string> Choice<T>(string name, string description, bool required = false)
        where T : struct, System.Enum
    {
        var option = new Option<string>(name) { Description = $"{description}: {string.Join(", ", EnumText.Names<T>())}", Required = required };
        option.AcceptOnlyFromAmong(EnumText.Names<T>());
        return option;
    }

    public static Option<string[]> Choices<T>(string name, string description)
        where T : struct, System.Enum
    {
        var option = new Option<string[]>(name) { Description = $"{description} (repeat): {string.Join(", ", EnumText.Names<T>())}", AllowMultipleArgumentsPerToken = true };
        option.AcceptOnlyFromAmong(EnumText.Names<T>());
        return option;
    }

    public static Argument<string> Id(string name, string description) => new(name) { Description = description };

    /// <summary>Values of a repeatable option, each split at commas, blanks dropped.</summary>
    public static IEnumerable<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A file's text, or stdin for "-"; a usage error when it cannot be read.</summary>
    public static string ReadFile(string path)
    {
        try
        {
            return path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>A short random id suffix (a-z 0-9) for client-chosen ids.</summary>
    public static string NewId(string prefix) =>
        $"{prefix}-{DateTime.UtcNow:yyyyMMdd}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
}
