using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of a conduit; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<ConduitId>))]
public readonly record struct ConduitId : IEntityId<ConduitId>
{
    private ConduitId(string value) => Value = value;

    public string Value { get; }

    public static ConduitId Parse(string value) => new(EntityId.Require(value, "conduit id"));

    public static bool TryParse(string? value, out ConduitId id)
    {
        id = EntityId.IsValid(value) ? new ConduitId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
