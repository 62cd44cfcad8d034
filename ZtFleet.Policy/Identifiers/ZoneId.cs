using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of a zone; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<ZoneId>))]
public readonly record struct ZoneId : IEntityId<ZoneId>
{
    private ZoneId(string value) => Value = value;

    public string Value { get; }

    public static ZoneId Parse(string value) => new(EntityId.Require(value, "zone id"));

    public static bool TryParse(string? value, out ZoneId id)
    {
        id = EntityId.IsValid(value) ? new ZoneId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
