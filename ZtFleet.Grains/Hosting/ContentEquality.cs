using System.Text.Json;

namespace ZtFleet.Grains.Hosting;

/// <summary>
/// Compares pure-core records by content. Their list members compare by reference under record equality, and a
/// record that crossed a grain boundary or storage is never reference-equal to its original.
/// </summary>
internal static class ContentEquality
{
    public static bool Same<T>(T? left, T? right)
        where T : class
    {
        if (ReferenceEquals(left, right))
        {
            return true;
        }

        if (left is null || right is null)
        {
            return false;
        }

        return JsonSerializer.SerializeToUtf8Bytes(left, ZtFleetSerialization.JsonOptions)
            .AsSpan()
            .SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(right, ZtFleetSerialization.JsonOptions));
    }
}
