using Orleans.Runtime;
using Orleans.Storage;

namespace ZtFleet.Bench.Hosting;

/// <summary>
/// Grain storage that keeps nothing in the silo, as the PostgreSQL provider does: reads find no state, writes only
/// advance the ETag. Used to measure what an activation itself costs, without the copies the memory provider holds.
/// </summary>
internal sealed class DiscardGrainStorage : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = "1";
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Nothing to start; implemented because the memory provider this replaces registers its storage as a lifecycle
    /// participant under the same name.
    /// </summary>
    public void Participate(ISiloLifecycle lifecycle)
    {
    }
}
