using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Export;

/// <summary>Kebab-case names of an enum's values, spelt once (formats run for every exported record).</summary>
internal static class Spelled
{
    public static string Of<T>(T value)
        where T : struct, Enum => Spelled<T>.Of(value);
}

/// <summary>The names of one enum type (see <see cref="Spelled"/>).</summary>
internal static class Spelled<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, DetectionSpelling.Of);

    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : DetectionSpelling.Of(value);
}
