extern alias agent;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Agent.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// The agent's telemetry sender against the fake control plane on a fake clock: batches by size and by time, a bounded
/// buffer that survives an outage and counts what it drops, back-pressure from unacknowledged batches, and sequence
/// numbers that survive a restart.
/// </summary>
public sealed class TelemetrySenderTests : IDisposable
{
    private const string Plant = "plant-1";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ztfleet-telemetry-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly FakeControlPlane _controlPlane = new();
    private readonly Dictionary<Task, CancellationTokenSource> _runs = [];

    public void Dispose()
    {
        foreach (var run in _runs.Values)
        {
            run.Cancel();
            run.Dispose();
        }
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Full_batches_go_at_once_and_the_rest_after_the_batch_delay()
    {
        var (buffer, _, running) = Start(new TelemetryOptions { BatchSize = 4, BatchDelay = TimeSpan.FromSeconds(1) });
        AddEvents(buffer, 10);

        await UntilAsync(() => _controlPlane.Batches.Count == 2, "two full batches");
        Assert.All(_controlPlane.Batches, b => Assert.Equal(4, b.Events.Count));

        await UntilAsync(() => _controlPlane.Batches.Count == 3, "the last batch after the delay", advance: true);
        Assert.Equal([1UL, 2UL, 3UL], _controlPlane.Batches.Select(b => b.Sequence));
        Assert.Equal(Enumerable.Range(0, 10), Ports(_controlPlane.Accepted));
        Assert.All(_controlPlane.Batches, b => Assert.Equal(Plant, b.PlantId));
        await StopAsync(running);
    }

    [Fact]
    public async Task Events_seen_during_an_outage_are_kept_and_sent_once_it_is_over()
    {
        _controlPlane.IngestDown = true;
        var (buffer, _, running) = Start(new TelemetryOptions { BatchSize = 100 });
        AddEvents(buffer, 50);
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.Empty(_controlPlane.Batches);
        Assert.Equal(50, buffer.Count);

        _controlPlane.IngestDown = false;
        await UntilAsync(() => _controlPlane.Accepted.Count == 50, "the events kept during the outage", advance: true);
        Assert.Equal(Enumerable.Range(0, 50), Ports(_controlPlane.Accepted));
        Assert.All(_controlPlane.Batches, b => Assert.Equal(0UL, b.LostBefore));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_full_buffer_drops_its_oldest_events_and_the_next_batch_says_how_many()
    {
        _controlPlane.IngestDown = true;
        var (buffer, _, running) = Start(new TelemetryOptions { BatchSize = 100, BufferCapacity = 5 });
        AddEvents(buffer, 8);
        Assert.Equal(5, buffer.Count);
        Assert.Equal(3, buffer.Lost);

        _controlPlane.IngestDown = false;
        await UntilAsync(() => _controlPlane.Accepted.Count == 5, "the newest five events", advance: true);
        Assert.Equal([3, 4, 5, 6, 7], Ports(_controlPlane.Accepted));
        Assert.Equal(3UL, _controlPlane.Batches[0].LostBefore);
        await StopAsync(running);
    }

    [Fact]
    public async Task Unacknowledged_batches_hold_the_sender_back_while_adding_never_waits()
    {
        var gate = new SemaphoreSlim(0);
        _controlPlane.AckGate = gate;
        var (buffer, sender, running) = Start(new TelemetryOptions { BatchSize = 1, MaxBatchesInFlight = 2, BufferCapacity = 1000 });

        // Adding returns at once, whatever the stream does.
        AddEvents(buffer, 10);
        await UntilAsync(() => sender.Unacknowledged == 2, "two batches in flight");
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        Assert.Equal(2, sender.Unacknowledged);
        Assert.Equal(8, buffer.Count);

        gate.Release(100);
        await UntilAsync(() => _controlPlane.Accepted.Count == 10, "every event once acknowledgements flow", advance: true);
        Assert.Equal(Enumerable.Range(0, 10), Ports(_controlPlane.Accepted));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_broken_stream_sends_its_unacknowledged_batches_again_with_the_same_numbers()
    {
        var breaks = 0;
        _controlPlane.BreakOn = b => b.Sequence == 2 && Interlocked.Increment(ref breaks) == 1;
        var (buffer, sender, running) = Start(new TelemetryOptions { BatchSize = 3, MaxBatchesInFlight = 4 });
        AddEvents(buffer, 6);

        await UntilAsync(() => sender.AcknowledgedSequence == 2 && sender.Unacknowledged == 0, "batch 2 acknowledged on a new stream", advance: true);

        Assert.Equal(2, _controlPlane.IngestStreams);
        Assert.Equal([1UL, 2UL], _controlPlane.Batches.Select(b => b.Sequence));
        Assert.Equal(Enumerable.Range(0, 6), Ports(_controlPlane.Accepted));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_restarted_sender_continues_after_its_stored_sequence()
    {
        var (buffer, _, running) = Start(new TelemetryOptions { BatchSize = 2 });
        AddEvents(buffer, 4);
        await UntilAsync(() => _controlPlane.Batches.Count == 2, "two batches");
        await StopAsync(running);

        // A control plane that lost its counter (a restored database) still gets new numbers, not 1 again.
        _controlPlane.IngestAcknowledged = 0;
        var (again, _, restarted) = Start(new TelemetryOptions { BatchSize = 2 });
        AddEvents(again, 2);
        await UntilAsync(() => _controlPlane.Batches.Count == 3, "the batch after the restart");
        Assert.Equal(3UL, _controlPlane.Batches[^1].Sequence);
        await StopAsync(restarted);
    }

    [Fact]
    public async Task A_sender_that_lost_its_state_continues_after_the_first_acks_sequence()
    {
        _controlPlane.IngestAcknowledged = 40;
        var (buffer, _, running) = Start(new TelemetryOptions { BatchSize = 2 });
        AddEvents(buffer, 2);
        await UntilAsync(() => _controlPlane.Batches.Count == 1, "a batch");

        Assert.Equal(41UL, _controlPlane.Batches[0].Sequence);
        Assert.Equal("41", File.ReadAllText(Path.Combine(_directory, SequenceStore.FileName)).Trim());
        await StopAsync(running);
    }

    [Fact]
    public async Task A_completed_buffer_is_sent_to_its_end_and_the_sender_returns()
    {
        var (buffer, sender, running) = Start(new TelemetryOptions { BatchSize = 4, BatchDelay = TimeSpan.FromHours(1) });
        AddEvents(buffer, 6);
        buffer.Complete();

        await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(6, _controlPlane.Accepted.Count);
        Assert.Equal(0, sender.Unacknowledged);
        Assert.Equal(6, sender.EventsAccepted);
    }

    internal static AgentV1.TelemetryEvent Event(int port) => new()
    {
        At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero)),
        Flow = new AgentV1.FlowObservation
        {
            Source = new AgentV1.Endpoint { Ip = "10.0.0.1" },
            Destination = new AgentV1.Endpoint { Ip = "10.0.0.2", Port = port },
            Transport = "tcp",
            Action = AgentV1.FlowAction.Dropped,
        },
    };

    private static void AddEvents(TelemetryBuffer buffer, int count)
    {
        var start = buffer.Count + (int)buffer.Lost;
        for (var i = 0; i < count; i++)
        {
            buffer.Add(Event(start + i));
        }
    }

    private static List<int> Ports(IEnumerable<AgentV1.TelemetryEvent> events) => [.. events.Select(e => e.Flow.Destination.Port)];

    private (TelemetryBuffer Buffer, TelemetrySender Sender, Task Running) Start(TelemetryOptions options)
    {
        options = options with { MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(1) };
        var buffer = new TelemetryBuffer(options.BufferCapacity);
        var sender = new TelemetrySender(_controlPlane, buffer, new SequenceStore(new StateDirectory(_directory)), options, _time, NullLogger.Instance);
        var stop = new CancellationTokenSource();
        var running = Task.Run(() => sender.RunAsync(Plant, stop.Token));
        _runs[running] = stop;
        return (buffer, sender, running);
    }

    private async Task StopAsync(Task running)
    {
        await _runs[running].CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task UntilAsync(Func<bool> done, string what, bool advance = false)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited in vain for {what}; batches: {string.Join(", ", _controlPlane.Batches.Select(b => $"{b.Sequence}({b.Events.Count})"))}");
            if (advance)
            {
                _time.Advance(TimeSpan.FromMilliseconds(500));
            }

            await Task.Delay(10);
        }
    }
}
