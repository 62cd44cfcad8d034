using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Orleans.Storage;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// Makes a real PostgreSQL refuse connections at the worst moment of an apply: right after the fleet grain has
/// recorded its decision, before any plant commits. It decorates the silo's grain storage only to see that moment;
/// the refusal itself is the server's (every slot taken by a <see cref="ConnectionHog"/>, the pools of this process
/// cleared), until the test lets go.
/// </summary>
internal sealed class RefuseAfterDecision(string adminConnectionString)
{
    private readonly TaskCompletionSource<ConnectionHog> _refusing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _triggered;

    /// <summary>Completes once the server refuses everyone.</summary>
    public Task Refusing => _refusing.Task;

    /// <summary>Registers the decorator around the silo's ZtFleet grain storage (the ADO.NET one, as registered).</summary>
    public void Install(ISiloBuilder silo)
    {
        var registered = silo.Services.Single(service =>
            service.ServiceType == typeof(IGrainStorage) && service.IsKeyedService && Equals(service.ServiceKey, ProviderNames.Storage));
        var factory = registered.KeyedImplementationFactory!;
        silo.Services.Remove(registered);
        silo.Services.AddKeyedSingleton<IGrainStorage>(ProviderNames.Storage, (provider, key) => new Storage((IGrainStorage)factory(provider, key), this));
        silo.Services.Configure<FleetCommitOptions>(options =>
        {
            options.InitialRetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(1);
        });
    }

    /// <summary>Gives the server's slots back: it accepts connections again.</summary>
    public async Task AcceptAgainAsync() => await (await _refusing.Task).DisposeAsync();

    private async Task RefuseAsync()
    {
        if (Interlocked.Exchange(ref _triggered, 1) == 1)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            _refusing.SetResult(await ConnectionHog.FillAsync(adminConnectionString));
        }
        catch (Exception ex)
        {
            _refusing.SetException(ex);
        }
    }

    private sealed class Storage(IGrainStorage inner, RefuseAfterDecision owner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await inner.WriteStateAsync(stateName, grainId, grainState);
            if (grainState.State is FleetGrainState { Pending: not null })
            {
                await owner.RefuseAsync();
            }
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);

        public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
    }
}
