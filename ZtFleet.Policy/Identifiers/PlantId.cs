using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of a plant; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<PlantId>))]
public readonly record struct PlantId : IEntityId<PlantId>
{
    private PlantId(string value) => Value = value;

    public string Value { get; }

    public static PlantId Parse(string value) => new(EntityId.Require(value, "plant id"));

    public static bool TryParse(string? value, out PlantId id)
    {
        id = EntityId.IsValid(value) ? new PlantId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
