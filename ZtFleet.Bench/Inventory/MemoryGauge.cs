using System.Diagnostics;
using System.Runtime;

namespace ZtFleet.Bench.Inventory;

/// <summary>
/// Samples the managed heap and the working set while a measurement runs, keeps the peaks, and stops the process
/// before it can exhaust the machine.
/// </summary>
internal sealed class MemoryGauge : IDisposable
{
    private readonly long _limit;
    private readonly Timer _timer;
    private readonly Process _process = Process.GetCurrentProcess();
    private long _peakHeap;
    private long _peakWorkingSet;

    public MemoryGauge(long limitBytes)
    {
        _limit = limitBytes;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    /// <summary>Largest managed heap seen (allocated bytes, including garbage not yet collected).</summary>
    public long PeakHeapBytes => Interlocked.Read(ref _peakHeap);

    /// <summary>Largest working set seen by sampling; see <see cref="ProcessPeakWorkingSetBytes"/> for the kernel's figure.</summary>
    public long PeakWorkingSetBytes => Interlocked.Read(ref _peakWorkingSet);

    /// <summary>The process's peak resident set as the kernel recorded it (VmHWM on Linux), since start.</summary>
    public static long ProcessPeakWorkingSetBytes
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return process.PeakWorkingSet64;
        }
    }

    /// <summary>Live managed bytes after full, compacting, blocking collections (large object heap included).</summary>
    public static long HeapAfterFullCollection()
    {
        for (var i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: false);
    }

    public void Dispose()
    {
        _timer.Dispose();
        _process.Dispose();
    }

    private void Sample()
    {
        var heap = GC.GetTotalMemory(forceFullCollection: false);
        _process.Refresh();
        var workingSet = _process.WorkingSet64;
        InterlockedMax(ref _peakHeap, heap);
        InterlockedMax(ref _peakWorkingSet, workingSet);
        if (workingSet > _limit)
        {
            Console.Out.WriteLine(
                $"ABORTED: working set {Format.Bytes(workingSet)} exceeded the limit of {Format.Bytes(_limit)} " +
                "(--max-memory-gb); this scale does not fit on this machine.");
            Console.Out.Flush();
            Environment.Exit(3);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var previous = Interlocked.CompareExchange(ref target, value, current);
            if (previous == current)
            {
                return;
            }

            current = previous;
        }
    }
}
