using System.Diagnostics;
using System.Globalization;
using ZtFleet.Policy.Access;

namespace ZtFleet.Bench.Decisions;

/// <summary>
/// A quick decision benchmark without BenchmarkDotNet, for <c>bench/run</c>: times every decision of each path on
/// the <see cref="DecisionWorkload"/> plant with <see cref="Stopwatch.GetTimestamp"/> (minus the timer's own cost),
/// and prints p50, p99, the mean and the bytes allocated per decision; then the cost of applying an identity delta.
/// </summary>
/// <remarks>
/// Each path first runs for a while untimed: tiered compilation promotes a method to optimised code only after it
/// has been called for about 100 ms, and a short warm-up would time unoptimised code.
/// </remarks>
public static class DecisionQuick
{
    /// <summary>Runs the quick benchmark and prints its figures; returns 0, or 1 when a decision path allocates.</summary>
    /// <param name="args">Optional: <c>--decisions N</c>, the timed decisions per path (default 200,000); other arguments are ignored.</param>
    public static int Run(string[]? args = null)
    {
        var decisions = 200_000;
        var option = Array.IndexOf(args ?? [], "--decisions");
        if (option >= 0 && option + 1 < args!.Length)
        {
            decisions = int.Parse(args[option + 1], CultureInfo.InvariantCulture);
        }

        var setup = Stopwatch.StartNew();
        var workload = DecisionWorkload.Create();
        Console.WriteLine(Text($"decision workload: 10,000 assets, 50 zones, {workload.Snapshot.IdentityCount:N0} identities, built in {setup.Elapsed.TotalSeconds:0.0} s"));
        Console.WriteLine("path      p50 ns   p99 ns  mean ns  allocated B/decision");

        var allocates = false;
        foreach (var (name, requests) in new[] { ("allow", workload.Allow), ("deny", workload.Deny), ("step-up", workload.StepUp) })
        {
            WarmUp(workload.Snapshot, requests, TimeSpan.FromSeconds(1));
            var (p50, p99, mean, bytes) = Measure(workload.Snapshot, requests, decisions);
            allocates |= bytes > 0;
            Console.WriteLine(Text($"{name,-8} {p50,7:0} {p99,8:0} {mean,8:0} {bytes,10:0.00}"));
        }

        var snapshot = workload.Snapshot;
        var someone = workload.Allow[0].Subject;
        snapshot.TryGetIdentity(someone, out var identity);
        const int applies = 1_000;
        var watch = new Stopwatch();
        for (var i = 0; i < 2 * applies; i++)
        {
            // The first half warms up (tiered compilation), the second half is timed.
            if (i == applies)
            {
                watch.Start();
            }

            snapshot = snapshot.Apply(new IdentityChanged(snapshot.Epoch + 1, DecisionWorkload.Now, identity! with { Trust = 50 + (i % 50) }, IdentityChangeReasons.Trust));
        }

        Console.WriteLine(Text($"apply an identity delta: {watch.Elapsed.TotalMicroseconds / applies:0.0} µs (copies the identity table of {snapshot.IdentityCount:N0})"));
        return allocates ? 1 : 0;
    }

    private static (double P50, double P99, double Mean, double Bytes) Measure(PlantSnapshot snapshot, AccessRequest[] requests, int count)
    {
        var overhead = TimerOverhead();
        var samples = new long[count];
        var now = DecisionWorkload.Now;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var total = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var request = requests[i % requests.Length];
            var start = Stopwatch.GetTimestamp();
            Engine.Decide(in request, snapshot, now);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        total = Stopwatch.GetTimestamp() - total;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(samples);
        var ns = 1e9 / Stopwatch.Frequency;
        return (
            Math.Max(0, (samples[count / 2] * ns) - overhead),
            Math.Max(0, (samples[(int)(count * 0.99)] * ns) - overhead),
            Math.Max(0, (total * ns / count) - overhead),
            allocated / (double)count);
    }

    private static void WarmUp(PlantSnapshot snapshot, AccessRequest[] requests, TimeSpan duration)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            for (var i = 0; i < requests.Length; i++)
            {
                Engine.Decide(in requests[i], snapshot, DecisionWorkload.Now);
            }
        }
    }

    /// <summary>The median cost of two timestamps, subtracted from every sample.</summary>
    private static double TimerOverhead()
    {
        var samples = new long[10_001];
        for (var i = 0; i < samples.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2] * 1e9 / Stopwatch.Frequency;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
