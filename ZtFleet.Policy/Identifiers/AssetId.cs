using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of an asset; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<AssetId>))]
public readonly record struct AssetId : IEntityId<AssetId>
{
    private AssetId(string value) => Value = value;

    public string Value { get; }

    public static AssetId Parse(string value) => new(EntityId.Require(value, "asset id"));

    public static bool TryParse(string? value, out AssetId id)
    {
        id = EntityId.IsValid(value) ? new AssetId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
