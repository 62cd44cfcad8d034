using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// The events of a batch as one value: what grain messages carry. Serialised as one JSON array (each element with its
/// <c>kind</c>), so a batch of a thousand events crossing a grain call is one document to write and read, not a
/// thousand values each with its runtime type named and checked (which is what a list of the abstract
/// <see cref="TelemetryEvent"/> costs in Orleans' serializer).
/// </summary>
[JsonConverter(typeof(TelemetryEventListJsonConverter))]
[CollectionBuilder(typeof(TelemetryEventList), nameof(Create))]
public sealed class TelemetryEventList : IReadOnlyList<TelemetryEvent>
{
    private readonly TelemetryEvent[] _items;

    private TelemetryEventList(TelemetryEvent[] items) => _items = items;

    /// <summary>No events.</summary>
    public static TelemetryEventList Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public TelemetryEvent this[int index] => _items[index];

    /// <summary>The events of a collection expression.</summary>
    public static TelemetryEventList Create(ReadOnlySpan<TelemetryEvent> items) => items.IsEmpty ? Empty : new(items.ToArray());

    /// <summary>These events, in order (the same instance when it already is a list of this type).</summary>
    public static TelemetryEventList Of(IEnumerable<TelemetryEvent> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as TelemetryEventList ?? new([.. items]);
    }

    /// <summary>The events of a list, in order.</summary>
    public static TelemetryEventList FromList(List<TelemetryEvent> items) => Of(items);

    /// <summary>The events of a list, in order.</summary>
    public static implicit operator TelemetryEventList(List<TelemetryEvent> items) => FromList(items);

    /// <inheritdoc/>
    public IEnumerator<TelemetryEvent> GetEnumerator() => ((IEnumerable<TelemetryEvent>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    private sealed class TelemetryEventListJsonConverter : JsonConverter<TelemetryEventList>
    {
        public override TelemetryEventList Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<List<TelemetryEvent>>(ref reader, options) is { Count: > 0 } items ? new([.. items]) : Empty;

        public override void Write(Utf8JsonWriter writer, TelemetryEventList value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value._items)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
