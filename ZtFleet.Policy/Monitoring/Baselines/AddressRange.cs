using System.Globalization;
using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>Registers or coils <see cref="From"/> to <see cref="To"/>, both included. In JSON: <c>[from, to]</c>.</summary>
[JsonConverter(typeof(AddressRangeJsonConverter))]
public readonly record struct AddressRange(long From, long To)
{
    /// <summary>The range an operation touches: <paramref name="quantity"/> items from <paramref name="address"/> (at least one).</summary>
    public static AddressRange Of(long address, long? quantity) =>
        new(address, address + Math.Max(1, Math.Min(quantity ?? 1, 65536)) - 1);

    /// <summary>Whether <paramref name="other"/> lies wholly inside this range.</summary>
    public bool Contains(AddressRange other) => From <= other.From && other.To <= To;

    /// <summary><c>100</c> or <c>100–109</c>.</summary>
    public override string ToString() =>
        From == To ? From.ToString(CultureInfo.InvariantCulture) : $"{From.ToString(CultureInfo.InvariantCulture)}–{To.ToString(CultureInfo.InvariantCulture)}";
}
