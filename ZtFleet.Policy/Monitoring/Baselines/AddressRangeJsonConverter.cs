using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>Writes an <see cref="AddressRange"/> as <c>[from, to]</c>: baselines are stored per asset, and small.</summary>
internal sealed class AddressRangeJsonConverter : JsonConverter<AddressRange>
{
    public override AddressRange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("An address range is an array [from, to].");
        }

        reader.Read();
        var from = reader.GetInt64();
        reader.Read();
        var to = reader.GetInt64();
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException("An address range has two numbers.");
        }

        return new AddressRange(from, to);
    }

    public override void Write(Utf8JsonWriter writer, AddressRange value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.From);
        writer.WriteNumberValue(value.To);
        writer.WriteEndArray();
    }
}
