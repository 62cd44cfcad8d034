using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using Orleans.Storage;
using ZtFleet.Grains.Storage;

namespace ZtFleet.Silo.Database;

/// <summary>
/// Wraps a grain storage provider (the Orleans ADO.NET one) so that what the database throws reaches the grain, and
/// whoever called the grain, as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>
/// instead of Npgsql's exceptions, which have no Orleans codec (the caller would get <c>CodecNotFoundException</c>).
/// </summary>
/// <remarks>
/// Orleans' own exceptions pass unchanged, above all <see cref="InconsistentStateException"/>: the optimistic
/// concurrency conflict that stops a stale activation from overwriting newer state must stay what it is. The
/// wrapper takes part in the silo lifecycle on the inner provider's behalf (the ADO.NET provider loads its queries
/// there), since Orleans registers the keyed storage itself as the lifecycle participant.
/// </remarks>
internal sealed class FailureTranslatingGrainStorage(IGrainStorage inner, ILogger logger)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.MustWrap(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.GrainState, "read", logger);
        }
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.MustWrap(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.GrainState, "write", logger);
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        try
        {
            await inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
        }
        catch (Exception ex) when (StorageFailures.MustWrap(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.GrainState, "clear", logger);
        }
    }

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
