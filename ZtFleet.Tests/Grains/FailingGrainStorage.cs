using ZtFleet.Grains.Storage;
using Orleans.Storage;
using ZtFleet.Grains.Fleet;

namespace ZtFleet.Tests.Grains;

/// <summary>
/// Grain storage that refuses the reads and writes of a chosen grain, decorating the real (memory) storage: what a
/// refusing database does to the grains, in process and on cue.
/// </summary>
/// <remarks>
/// Failures are armed by the fleet's decision (its write that carries a pending apply), so a test fails the commit of
/// a plant and never its stage, whatever the plant grain's state looks like inside. Reads fail too, as they do when a
/// database refuses connections: a grain that is not active yet then cannot activate.
/// </remarks>
public sealed class FailingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly Lock _lock = new();
    private GrainId? _target;
    private int _remaining;
    private bool _armed;
    private int _failed;

    /// <summary>How many reads and writes were refused so far.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// Once the fleet grain next records a decided apply, refuses the next <paramref name="times"/> reads and writes
    /// of <paramref name="grain"/> (any of its states).
    /// </summary>
    public void FailAfterDecision(GrainId grain, int times)
    {
        lock (_lock)
        {
            _target = grain;
            _remaining = times;
            _armed = false;
            _failed = 0;
        }
    }

    /// <summary>Lets every read and write through again.</summary>
    public void Release()
    {
        lock (_lock)
        {
            _target = null;
            _remaining = 0;
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        RefuseIfChosen("read", stateName, grainId);
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
        {
            if (grainState.State is FleetGrainState { Pending: not null } && _target is not null)
            {
                _armed = true;
            }
        }

        RefuseIfChosen("write", stateName, grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        RefuseIfChosen("clear", stateName, grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    private void RefuseIfChosen(string operation, string stateName, GrainId grainId)
    {
        lock (_lock)
        {
            if (_armed && grainId == _target && _remaining > 0)
            {
                _remaining--;
                _failed++;
                // What the real storage throws when the database refuses (see FailureTranslatingGrainStorage).
                throw new StorageUnavailableException("grain-state", null, $"Test storage refuses this {operation} of {grainId} ({stateName}).");
            }
        }
    }
}
