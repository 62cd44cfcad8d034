using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of an identity; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<IdentityId>))]
public readonly record struct IdentityId : IEntityId<IdentityId>
{
    private IdentityId(string value) => Value = value;

    public string Value { get; }

    public static IdentityId Parse(string value) => new(EntityId.Require(value, "identity id"));

    public static bool TryParse(string? value, out IdentityId id)
    {
        id = EntityId.IsValid(value) ? new IdentityId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
