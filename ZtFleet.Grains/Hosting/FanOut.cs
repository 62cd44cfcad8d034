namespace ZtFleet.Grains.Hosting;

/// <summary>Calls many grains concurrently, a bounded batch at a time, so a large plant cannot flood the silo.</summary>
internal static class FanOut
{
    public const int BatchSize = 256;

    public static async Task RunAsync<T>(IReadOnlyList<T> items, Func<T, Task> send)
    {
        for (var i = 0; i < items.Count; i += BatchSize)
        {
            await Task.WhenAll(items.Skip(i).Take(BatchSize).Select(send));
        }
    }
}
