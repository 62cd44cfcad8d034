using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace ZtFleet.Bench.PgScale;

/// <summary>
/// The live managed heap of another .NET process: an EventPipe session with the runtime's <c>GCHeapCollect</c>
/// keyword makes the target run a full blocking collection (as <c>dotnet-gcdump</c> does), and the
/// <c>GCHeapStats</c> event after it gives the size of every generation (large and pinned object heaps included).
/// </summary>
/// <remarks>
/// Uses the diagnostics IPC socket every .NET process opens under /tmp; the benchmark must run as the same user as
/// the target (or root). Microsoft.Diagnostics.NETCore.Client and TraceEvent come with BenchmarkDotNet.
/// </remarks>
internal static class GcHeapProbe
{
    public static async Task<long> LiveHeapBytesAsync(int pid, TimeSpan timeout)
    {
        var client = new DiagnosticsClient(pid);
        var provider = new EventPipeProvider(
            "Microsoft-Windows-DotNETRuntime",
            EventLevel.Informational,
            (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect));
        using var session = await client.StartEventPipeSessionAsync([provider], requestRundown: false, circularBufferMB: 64, CancellationToken.None)
            .WaitAsync(timeout);
        var heap = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var fullCollection = false;
            source.Clr.GCStart += e => fullCollection |= e.Depth == 2 && e.Type == GCType.NonConcurrentGC;
            source.Clr.GCHeapStats += e =>
            {
                if (fullCollection)
                {
                    heap.TrySetResult(e.GenerationSize0 + e.GenerationSize1 + e.GenerationSize2 + e.GenerationSize3 + e.GenerationSize4);
                }
            };
            try
            {
                source.Process();
            }
            catch (Exception e)
            {
                heap.TrySetException(e);
            }

            heap.TrySetException(new InvalidOperationException("the event stream ended before a full collection was reported"));
        });

        try
        {
            return await heap.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"process {pid} reported no full garbage collection within {timeout.TotalSeconds:0} s of the GCHeapCollect request");
        }
        finally
        {
            try
            {
                await session.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or ServerNotAvailableException or IOException)
            {
            }

            await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(10)));
        }
    }
}
