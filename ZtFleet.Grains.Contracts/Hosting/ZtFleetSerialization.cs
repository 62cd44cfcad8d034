using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Hosting;

/// <summary>
/// The pure core (ZtFleet.Policy) has no Orleans reference, so its records cannot carry [GenerateSerializer].
/// They cross grain boundaries and reach storage as System.Text.Json instead; grain contracts of this assembly
/// use Orleans' own generated serializers.
/// </summary>
public static class ZtFleetSerialization
{
    /// <summary>The JSON options used for pure-core types on the wire and in grain state.</summary>
    public static JsonSerializerOptions JsonOptions => PlantDeltaJson.Options;

    /// <summary>Registers the JSON codec for pure-core types; silos and clients must both call it.</summary>
    public static IServiceCollection AddZtFleetSerialization(this IServiceCollection services)
    {
        // A pure-core type as a generic argument inside a contract record (IReadOnlyList<TelemetryEvent> holding a
        // List<TelemetryEvent>) is named on the wire, and Orleans refuses to load a type it was not told about: the
        // pure core's types are allowed by assembly, since they are ours and only ever read as JSON.
        services.AddSingleton<ITypeNameFilter, PolicyTypeNames>();
        return services.AddSerializer(serializer => serializer.AddJsonSerializer(IsPolicyType, JsonOptions));
    }

    private sealed class PolicyTypeNames : ITypeNameFilter
    {
        public bool? IsTypeNameAllowed(string typeName, string assemblyName) =>
            assemblyName == "ZtFleet.Policy" && (typeName == "ZtFleet.Policy" || typeName.StartsWith("ZtFleet.Policy.", StringComparison.Ordinal)) ? true : null;
    }

    private static bool IsPolicyType(Type type) =>
        type.Namespace is { } ns && (ns == "ZtFleet.Policy" || ns.StartsWith("ZtFleet.Policy.", StringComparison.Ordinal));
}
