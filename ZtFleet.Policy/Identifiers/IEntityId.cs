namespace ZtFleet.Policy.Identifiers;

/// <summary>What every strongly typed identifier offers, so converters and parsers can be written once.</summary>
public interface IEntityId<TSelf>
    where TSelf : struct, IEntityId<TSelf>
{
    string Value { get; }

    static abstract TSelf Parse(string value);

    static abstract bool TryParse(string? value, out TSelf id);
}
