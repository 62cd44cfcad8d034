using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of an enforcement point; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<EnforcementPointId>))]
public readonly record struct EnforcementPointId : IEntityId<EnforcementPointId>
{
    private EnforcementPointId(string value) => Value = value;

    public string Value { get; }

    public static EnforcementPointId Parse(string value) => new(EntityId.Require(value, "enforcement point id"));

    public static bool TryParse(string? value, out EnforcementPointId id)
    {
        id = EntityId.IsValid(value) ? new EnforcementPointId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
