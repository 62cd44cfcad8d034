using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// What "learn" would change in an asset's baseline, as the data a <see cref="Detections.Finding.Learnable"/> carries:
/// <c>learn:operation source:eng-ws-1 protocol:modbus-tcp unit:1 op:fc90 range:0-9</c>. Tokens are
/// <c>name:value</c> separated by spaces; the first says what; values never contain spaces.
/// </summary>
/// <param name="Kind">What is learned.</param>
/// <param name="Source">The source (asset id or <c>[address]</c>).</param>
public sealed record BaselineLearnable(BaselineLearnableKind Kind, string Source)
{
    private static readonly Dictionary<string, BaselineLearnableKind> Kinds = new(StringComparer.Ordinal)
    {
        ["talker"] = BaselineLearnableKind.Talker,
        ["operation"] = BaselineLearnableKind.Operation,
        ["range"] = BaselineLearnableKind.Range,
        ["period"] = BaselineLearnableKind.Period,
        ["silence"] = BaselineLearnableKind.Silence,
    };

    /// <summary>The protocol (talker, operation, range).</summary>
    public string? Protocol { get; init; }

    /// <summary>The service port (talker).</summary>
    public int? Port { get; init; }

    /// <summary>The Modbus unit (operation, range).</summary>
    public int? Unit { get; init; }

    /// <summary>The operation (operation, range, period, silence).</summary>
    public string? Operation { get; init; }

    /// <summary>The addresses (range; optional for operation).</summary>
    public AddressRange? Range { get; init; }

    /// <summary>The text form.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("learn:").Append(Kinds.First(k => k.Value == Kind).Key).Append(" source:").Append(Source);
        Append(text, "protocol", Protocol);
        Append(text, "port", Port?.ToString(CultureInfo.InvariantCulture));
        Append(text, "unit", Unit?.ToString(CultureInfo.InvariantCulture));
        Append(text, "op", Operation);
        Append(text, "range", Range is { } r ? $"{r.From.ToString(CultureInfo.InvariantCulture)}-{r.To.ToString(CultureInfo.InvariantCulture)}" : null);
        return text.ToString();
    }

    /// <summary>Reads the text form; false for anything else (an unknown kind, a missing source, a bad number).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out BaselineLearnable? learnable)
    {
        learnable = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == token.Length - 1 || !values.TryAdd(token[..colon], token[(colon + 1)..]))
            {
                return false;
            }
        }

        if (!values.TryGetValue("learn", out var kindName) || !Kinds.TryGetValue(kindName, out var kind)
            || !values.TryGetValue("source", out var source))
        {
            return false;
        }

        int? port = null, unit = null;
        AddressRange? range = null;
        if ((values.TryGetValue("port", out var portText) && !TryInt(portText, out port))
            || (values.TryGetValue("unit", out var unitText) && !TryInt(unitText, out unit))
            || (values.TryGetValue("range", out var rangeText) && !TryRange(rangeText, out range)))
        {
            return false;
        }

        var operation = values.GetValueOrDefault("op");
        var protocol = values.GetValueOrDefault("protocol");
        var complete = kind switch
        {
            BaselineLearnableKind.Talker => protocol is not null,
            BaselineLearnableKind.Operation => protocol is not null && operation is not null,
            BaselineLearnableKind.Range => protocol is not null && operation is not null && range is not null,
            _ => protocol is not null && operation is not null,
        };
        if (!complete)
        {
            return false;
        }

        learnable = new BaselineLearnable(kind, source) { Protocol = protocol, Port = port, Unit = unit, Operation = operation, Range = range };
        return true;
    }

    private static void Append(StringBuilder text, string name, string? value)
    {
        if (value is not null)
        {
            text.Append(' ').Append(name).Append(':').Append(value);
        }
    }

    private static bool TryInt(string text, out int? value)
    {
        var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    private static bool TryRange(string text, out AddressRange? range)
    {
        range = null;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !long.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !long.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || to < from)
        {
            return false;
        }

        range = new AddressRange(from, to);
        return true;
    }
}
