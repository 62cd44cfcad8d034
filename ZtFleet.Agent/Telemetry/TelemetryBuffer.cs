using ZtFleet.Api.V1;

namespace ZtFleet.Agent.Telemetry;

/// <summary>
/// The events the agent has seen and not yet handed to the sender: bounded, in memory. Adding never waits (the Modbus
/// proxy and the drop monitor must not be held up by the control plane): when the buffer is full the oldest event is
/// dropped and counted, and the count goes out with the next batch (<c>lost_before</c>), so loss is visible.
/// </summary>
/// <remarks>All members are thread-safe. One consumer (the sender) waits for events.</remarks>
public sealed class TelemetryBuffer
{
    private readonly Queue<TelemetryEvent> _events;
    private readonly object _lock = new();
    private ulong _lostSinceTake;
    private long _lostTotal;
    private bool _completed;
    private int _waitingFor;
    private TaskCompletionSource? _waiter;
    private TaskCompletionSource? _roomWaiter;

    /// <param name="capacity">The most events held; the oldest is dropped beyond it.</param>
    public TelemetryBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _events = new Queue<TelemetryEvent>(Math.Min(capacity, 4096));
    }

    /// <summary>The most events held.</summary>
    public int Capacity { get; }

    /// <summary>The events held now.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Every event dropped because the buffer was full, since it was created.</summary>
    public long Lost => Interlocked.Read(ref _lostTotal);

    /// <summary>True once <see cref="Complete"/> was called: nothing more will be added.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>Adds an event; never waits. When full, the oldest event is dropped and counted.</summary>
    public void Add(TelemetryEvent telemetryEvent)
    {
        ArgumentNullException.ThrowIfNull(telemetryEvent);
        TaskCompletionSource? wake = null;
        lock (_lock)
        {
            if (_events.Count >= Capacity)
            {
                _events.Dequeue();
                _lostSinceTake++;
                Interlocked.Increment(ref _lostTotal);
            }

            _events.Enqueue(telemetryEvent);
            if (_waiter is not null && _events.Count >= _waitingFor)
            {
                wake = _waiter;
                _waiter = null;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Adds an event once there is room, instead of dropping the oldest: for sources that can wait (a Zeek log read from
    /// a file or a pipe), never for the proxy.
    /// </summary>
    public async Task AddAsync(TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(telemetryEvent);
        while (true)
        {
            Task room;
            lock (_lock)
            {
                if (_events.Count < Capacity)
                {
                    break;
                }

                _roomWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _roomWaiter.Task;
            }

            await room.WaitAsync(cancellationToken);
        }

        Add(telemetryEvent);
    }

    /// <summary>Says nothing more will be added (an input that ended); waiters are released.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _completed = true;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Completes when at least <paramref name="count"/> events are held, or the buffer is completed.</summary>
    public Task WaitAsync(int count, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_events.Count >= count || _completed)
            {
                return Task.CompletedTask;
            }

            // One consumer: a new wait replaces the previous one (whose caller has given up on it).
            _waiter?.TrySetCanceled(CancellationToken.None);
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waitingFor = count;
            return _waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Takes up to <paramref name="max"/> of the oldest events, and how many were dropped since the last take.</summary>
    public IReadOnlyList<TelemetryEvent> Take(int max, out ulong lostBefore)
    {
        lock (_lock)
        {
            var taken = new List<TelemetryEvent>(Math.Min(max, _events.Count));
            while (taken.Count < max && _events.TryDequeue(out var next))
            {
                taken.Add(next);
            }

            lostBefore = _lostSinceTake;
            _lostSinceTake = 0;
            if (taken.Count > 0 && _roomWaiter is { } room)
            {
                _roomWaiter = null;
                room.TrySetResult();
            }

            return taken;
        }
    }
}
