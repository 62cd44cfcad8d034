using Orleans.Serialization;

namespace ZtFleet.Grains.Hosting;

/// <summary>
/// Allows the pure core's types in type names Orleans writes: a <c>List&lt;TelemetryEvent&gt;</c> sent as an
/// <c>IReadOnlyList&lt;TelemetryEvent&gt;</c> carries its runtime type's name, whose argument the JSON codec's
/// registration alone does not allow ("Type … is not allowed").
/// </summary>
internal sealed class PolicyTypeNameFilter : ITypeNameFilter
{
    public bool? IsTypeNameAllowed(string typeName, string assemblyName) =>
        assemblyName == "ZtFleet.Policy" ? true : null;
}
