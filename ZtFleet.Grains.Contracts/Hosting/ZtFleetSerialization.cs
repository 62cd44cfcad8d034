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

    /// <summary>
    /// Registers the JSON codec for pure-core types; silos and clients must both call it. The pure core's assembly is
    /// also on Orleans' type allow-list: a collection whose runtime type names a pure-core type (a
    /// <c>List&lt;TelemetryEvent&gt;</c> behind an <c>IReadOnlyList</c>, the element type abstract) must have its type name
    /// written, and Orleans refuses to write names of types it was not told about.
    /// </summary>
    public static IServiceCollection AddZtFleetSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer
            .AddJsonSerializer(IsPolicyType, JsonOptions)
            .Configure(options => options.AddAllowedAssembly(typeof(PlantDeltaJson).Assembly)));

    private static bool IsPolicyType(Type type) =>
        type.Namespace is { } ns && (ns == "ZtFleet.Policy" || ns.StartsWith("ZtFleet.Policy.", StringComparison.Ordinal));
}
