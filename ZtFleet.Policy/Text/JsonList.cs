using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Text;

/// <summary>
/// A list of pure-core values that grain messages carry as one value: serialised as one JSON array, so a thousand
/// telemetry events or observed flows crossing a grain call are one document to write and read, not a thousand values
/// each with its runtime type named and checked (which is what a <c>List&lt;T&gt;</c> of pure-core types costs in
/// Orleans' serializer). Immutable, so a call within a silo passes it without a copy.
/// </summary>
/// <typeparam name="T">The element type (an abstract one keeps its JSON discriminator per element).</typeparam>
[JsonConverter(typeof(JsonList.ConverterFactory))]
[CollectionBuilder(typeof(JsonList), nameof(JsonList.Create))]
public sealed class JsonList<T> : IReadOnlyList<T>
{
    private readonly T[] _items;

    internal JsonList(T[] items) => _items = items;

    /// <summary>No values.</summary>
    public static JsonList<T> Empty { get; } = new([]);

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <inheritdoc/>
    public T this[int index] => _items[index];

    /// <summary>The values of a list, in order.</summary>
    public static implicit operator JsonList<T>(List<T> items) => JsonList.Of(items);

    /// <summary>The values of a list, in order.</summary>
    public static JsonList<T> FromList(List<T> items) => JsonList.Of(items);

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}

/// <summary>Builds <see cref="JsonList{T}"/> values.</summary>
public static class JsonList
{
    /// <summary>The values of a collection expression.</summary>
    public static JsonList<T> Create<T>(ReadOnlySpan<T> items) => items.IsEmpty ? JsonList<T>.Empty : new(items.ToArray());

    /// <summary>These values, in order (the same instance when it already is a <see cref="JsonList{T}"/>).</summary>
    public static JsonList<T> Of<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items as JsonList<T> ?? new([.. items]);
    }

    internal sealed class ConverterFactory : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(JsonList<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(JsonListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;
    }

    private sealed class JsonListConverter<TItem> : JsonConverter<JsonList<TItem>>
    {
        public override JsonList<TItem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<List<TItem>>(ref reader, options) is { Count: > 0 } items ? new([.. items]) : JsonList<TItem>.Empty;

        public override void Write(Utf8JsonWriter writer, JsonList<TItem> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                JsonSerializer.Serialize(writer, item, options);
            }

            writer.WriteEndArray();
        }
    }
}
