using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Identifiers;

/// <summary>Identifier of a flow; see <see cref="EntityId"/> for the rule.</summary>
[JsonConverter(typeof(EntityIdJsonConverter<FlowId>))]
public readonly record struct FlowId : IEntityId<FlowId>
{
    private FlowId(string value) => Value = value;

    public string Value { get; }

    public static FlowId Parse(string value) => new(EntityId.Require(value, "flow id"));

    public static bool TryParse(string? value, out FlowId id)
    {
        id = EntityId.IsValid(value) ? new FlowId(value!) : default;
        return id.Value is not null;
    }

    public override string ToString() => Value ?? string.Empty;
}
