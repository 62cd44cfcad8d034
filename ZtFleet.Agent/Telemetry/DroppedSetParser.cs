using System.Globalization;
using System.Text.Json;

namespace ZtFleet.Agent.Telemetry;

/// <summary>
/// Reads the output of <c>nft -j list set inet ztfleet dropped_v4</c> (or <c>_v6</c>): the elements
/// (<c>{"elem": {"val": {"concat": [saddr, daddr, "tcp", dport]}, "counter": {"packets": N, "bytes": M}}}</c>).
/// Elements of another shape are skipped.
/// </summary>
public static class DroppedSetParser
{
    /// <summary>The elements of the set in <paramref name="json"/>.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static IReadOnlyList<DroppedElement> Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var elements = new List<DroppedElement>();
        if (!document.RootElement.TryGetProperty("nftables", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return elements;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (!item.TryGetProperty("set", out var set) || !set.TryGetProperty("elem", out var elems) || elems.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var entry in elems.EnumerateArray())
            {
                if (Read(entry) is { } element)
                {
                    elements.Add(element);
                }
            }
        }

        return elements;
    }

    private static DroppedElement? Read(JsonElement entry)
    {
        // With counters (or timeouts) an element is {"elem": {"val": …, "counter": …}}; without, the value itself.
        if (!entry.TryGetProperty("elem", out var elem)
            || !elem.TryGetProperty("val", out var value)
            || !value.TryGetProperty("concat", out var concat)
            || concat.ValueKind != JsonValueKind.Array
            || concat.GetArrayLength() != 4)
        {
            return null;
        }

        var parts = concat.EnumerateArray().ToArray();
        if (parts[0].ValueKind != JsonValueKind.String || parts[1].ValueKind != JsonValueKind.String || Port(parts[3]) is not { } port)
        {
            return null;
        }

        long packets = 0, bytes = 0;
        if (elem.TryGetProperty("counter", out var counter) && counter.ValueKind == JsonValueKind.Object)
        {
            packets = counter.TryGetProperty("packets", out var p) && p.TryGetInt64(out var pv) ? pv : 0;
            bytes = counter.TryGetProperty("bytes", out var b) && b.TryGetInt64(out var bv) ? bv : 0;
        }

        return new DroppedElement(parts[0].GetString()!, parts[1].GetString()!, Transport(parts[2]), port, packets, bytes);
    }

    // nft names known protocols (tcp, udp) and writes others as numbers.
    private static string Transport(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number when value.TryGetInt32(out var number) => number switch
        {
            6 => "tcp",
            17 => "udp",
            _ => number.ToString(CultureInfo.InvariantCulture),
        },
        _ => "unknown",
    };

    // nft writes a port as a number, or by its service name with -S missing only on some versions ("http").
    private static int? Port(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var port) && port is >= 0 and <= 65535 => port,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 => port,
        _ => null,
    };
}
