using System.Globalization;

namespace ZtFleet.Bench;

/// <summary>A command followed by <c>--name value</c> options and <c>--flag</c> switches; nothing more is needed here.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private Arguments(string? command, Dictionary<string, string?> options)
    {
        Command = command;
        _options = options;
    }

    public string? Command { get; }

    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? command = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                command = command is null ? arg : throw new ArgumentException($"unexpected argument '{arg}'");
                continue;
            }

            var name = arg[2..];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[name] = hasValue ? args[++i] : null;
        }

        return new Arguments(command, options);
    }

    public int Int(string name, int defaultValue)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} needs a whole number, not '{text}'");
    }

    public string? Text(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var text)
            ? text ?? throw new ArgumentException($"--{name} needs a value")
            : null;
    }

    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>Refuses options nobody asked for, so a typo does not silently run the default scale.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }
}
