using ZtFleet.Grains.Hosting;

namespace ZtFleet.Tests.Grains;

/// <summary>A fan-out's degree of parallelism is what bounds the connections its writes can ask for at once.</summary>
public sealed class FanOutTests
{
    [Fact]
    public async Task A_fan_out_never_runs_more_calls_at_once_than_its_degree_and_runs_every_call_once()
    {
        var items = Enumerable.Range(0, 1_000).ToList();
        var calls = new int[items.Count];
        var running = 0;
        var peak = 0;

        await FanOut.RunAsync(items, async item =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref peak, now);
            Interlocked.Increment(ref calls[item]);

            // Vary the length of the calls, so workers finish out of step and a slot is reused at once.
            await Task.Delay(item % 3);
            Interlocked.Decrement(ref running);
        });

        Assert.All(calls, count => Assert.Equal(1, count));
        Assert.InRange(peak, 2, FanOut.DegreeOfParallelism);
    }

    [Fact]
    public async Task A_slow_call_holds_one_slot_and_the_others_keep_going()
    {
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;
        var run = FanOut.RunAsync(Enumerable.Range(0, 100).ToList(), async item =>
        {
            if (item == 0)
            {
                await slow.Task;
            }
            else
            {
                await Task.Yield();
            }

            Interlocked.Increment(ref done);
        }, degreeOfParallelism: 4);

        // Everything but the slow call finishes while it is still waiting.
        while (Volatile.Read(ref done) < 99)
        {
            await Task.Delay(5);
        }

        Assert.False(run.IsCompleted);
        slow.SetResult();
        await run;
        Assert.Equal(100, done);
    }

    [Fact]
    public async Task After_a_failure_no_new_call_starts_and_the_failure_is_thrown()
    {
        // Calls after the failing one wait on a gate, so each worker holds at most one of them when the failure
        // stops the fan-out.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var run = FanOut.RunAsync(
            Enumerable.Range(0, 1_000).ToList(),
            async item =>
            {
                Interlocked.Increment(ref started);
                await Task.Yield();
                if (item == 10)
                {
                    throw new InvalidOperationException("refused");
                }

                if (item > 10)
                {
                    await gate.Task;
                }
            },
            degreeOfParallelism: 4);

        await Task.Delay(100);
        gate.SetResult();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => run);

        Assert.Equal("refused", failure.Message);
        Assert.InRange(started, 11, 11 + 3);
    }

    [Fact]
    public async Task An_empty_fan_out_calls_nothing() =>
        await FanOut.RunAsync(Array.Empty<int>(), _ => throw new InvalidOperationException("called"));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
