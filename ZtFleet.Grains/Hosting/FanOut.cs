namespace ZtFleet.Grains.Hosting;

/// <summary>
/// Calls many grains concurrently with a bounded degree of parallelism, so a large plant can neither flood the silo
/// nor ask PostgreSQL for more connections than the pools hold.
/// </summary>
/// <remarks>
/// <see cref="DegreeOfParallelism"/> workers pull the next item from a shared index: as soon as one call finishes the
/// next starts, so a slow call holds up one slot instead of a whole batch. The workers are plain async functions
/// started from the caller, never <c>Task.Run</c> or <c>Parallel.ForEachAsync</c>: inside a grain they stay on the
/// grain's scheduler, which is what makes calling them from a grain safe. After the first failure no new call starts;
/// calls already running finish, and the first failure is thrown.
/// </remarks>
internal static class FanOut
{
    /// <summary>
    /// How many calls of one fan-out run at once. Most fanned-out calls write one grain state row, holding one
    /// connection of the silo's Orleans ADO.NET pool (<c>ZtFleet:Database:MaxPoolSize</c>, 20 by default) for the
    /// length of the write. 16 keeps one fan-out below that pool, so other callers (membership, reminders, another
    /// fan-out) still find a connection or wait briefly for one; fan-outs nested inside fanned-out calls (fleet →
    /// plants → assets) multiply it, and they queue for the pool's connections instead of opening more: the pool's
    /// maximum, not this number, is what bounds the connections a silo opens.
    /// </summary>
    public const int DegreeOfParallelism = 16;

    public static Task RunAsync<T>(IReadOnlyList<T> items, Func<T, Task> send) =>
        RunAsync(items, send, DegreeOfParallelism);

    /// <summary>As <see cref="RunAsync{T}(IReadOnlyList{T}, Func{T, Task})"/> with another degree (for tests).</summary>
    internal static async Task RunAsync<T>(IReadOnlyList<T> items, Func<T, Task> send, int degreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentOutOfRangeException.ThrowIfLessThan(degreeOfParallelism, 1);
        if (items.Count == 0)
        {
            return;
        }

        var cursor = new Cursor();
        var workers = new Task[Math.Min(degreeOfParallelism, items.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = WorkAsync(items, send, cursor);
        }

        await Task.WhenAll(workers);
    }

    private static async Task WorkAsync<T>(IReadOnlyList<T> items, Func<T, Task> send, Cursor cursor)
    {
        for (var index = cursor.Next(); index < items.Count; index = cursor.Next())
        {
            try
            {
                await send(items[index]);
            }
            catch
            {
                cursor.Stop();
                throw;
            }
        }
    }

    /// <summary>
    /// The shared index. Interlocked, although a grain's workers never run in parallel, because callers outside a
    /// grain (tests, services) run them on the thread pool.
    /// </summary>
    private sealed class Cursor
    {
        // Far past any list's end, with room for every worker's increment after a stop.
        private const int Stopped = int.MaxValue / 2;

        private int _next = -1;

        public int Next() => Interlocked.Increment(ref _next);

        /// <summary>No item is handed out after this.</summary>
        public void Stop() => Interlocked.Exchange(ref _next, Stopped);
    }
}
