using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.Storage;
using ZtFleet.Grains.Hosting;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// Optimistic concurrency on grain state is what stops a stale (for example duplicate) activation from
/// overwriting a newer state, such as a revocation: its write must fail, never win.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class GrainStateConcurrencyTests(PostgresServer server) : IAsyncLifetime
{
    private IHost _silo = null!;
    private IGrainStorage _storage = null!;
    private IGrainFactory _grains = null!;

    public async Task InitializeAsync()
    {
        var database = await server.CreateDatabaseAsync(nameof(GrainStateConcurrencyTests));
        _silo = await PostgresSilos.StartSiloAsync(PostgresSilos.Options(database, $"c-{Guid.NewGuid():N}"));
        _storage = _silo.Services.GetRequiredKeyedService<IGrainStorage>(ProviderNames.Storage);
        _grains = _silo.Services.GetRequiredService<IGrainFactory>();
    }

    public Task DisposeAsync() => PostgresSilos.StopAsync(_silo);

    [Fact]
    public async Task A_second_first_write_is_rejected()
    {
        var grain = NewGrainId();
        await _storage.WriteStateAsync(CounterGrain.StateName, grain, State(1, etag: null));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(CounterGrain.StateName, grain, State(2, etag: null)));
        Assert.Equal(1, ValueOf(await ReadAsync(grain)));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_rejected()
    {
        var grain = NewGrainId();
        var original = State(1, etag: null);
        await _storage.WriteStateAsync(CounterGrain.StateName, grain, original);

        var winner = State(2, original.ETag);
        var loser = State(3, original.ETag);
        await _storage.WriteStateAsync(CounterGrain.StateName, grain, winner);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(CounterGrain.StateName, grain, loser));
        var stored = await ReadAsync(grain);
        Assert.Equal(2, ValueOf(stored));
        Assert.Equal(winner.ETag, stored.ETag);
        Assert.NotEqual(original.ETag, winner.ETag);
    }

    [Fact]
    public async Task A_clear_with_a_stale_etag_is_rejected_and_a_clear_keeps_the_version_rising()
    {
        var grain = NewGrainId();
        var original = State(1, etag: null);
        await _storage.WriteStateAsync(CounterGrain.StateName, grain, original);
        var stale = State(1, original.ETag);
        await _storage.WriteStateAsync(CounterGrain.StateName, grain, State(2, original.ETag));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.ClearStateAsync(CounterGrain.StateName, grain, stale));

        var current = await ReadAsync(grain);
        await _storage.ClearStateAsync(CounterGrain.StateName, grain, current);
        var cleared = await ReadAsync(grain);
        Assert.False(cleared.RecordExists);
        Assert.Equal(0, ValueOf(cleared));
        Assert.Equal(current.ETag, cleared.ETag);

        // The etag read before the clear is stale now.
        await Assert.ThrowsAsync<InconsistentStateException>(
            () => _storage.WriteStateAsync(CounterGrain.StateName, grain, State(5, stale.ETag)));
    }

    [Fact]
    public async Task Racing_first_writes_have_exactly_one_winner()
    {
        var grain = NewGrainId();

        var outcomes = await Task.WhenAll(Enumerable.Range(1, 8).Select(value => Task.Run(async () =>
        {
            try
            {
                await _storage.WriteStateAsync(CounterGrain.StateName, grain, State(value, etag: null));
                return true;
            }
            catch (InconsistentStateException)
            {
                return false;
            }
        })));

        Assert.Single(outcomes, won => won);
    }

    [Fact]
    public async Task A_grain_whose_state_was_changed_elsewhere_cannot_overwrite_it()
    {
        var counter = _grains.GetGrain<ICounterGrain>($"foreign-{Guid.NewGuid():N}");
        Assert.Equal(1, await counter.IncrementAsync());

        // Someone else (a duplicate activation, a tool) writes a newer state behind the activation's back.
        var foreign = await ReadAsync(counter.GetGrainId());
        await _storage.WriteStateAsync(CounterGrain.StateName, counter.GetGrainId(), State(100, foreign.ETag));

        await Assert.ThrowsAsync<InconsistentStateException>(() => counter.IncrementAsync());

        // The failed activation is dropped; the next one reads the newer state and builds on it.
        Assert.Equal(101, await counter.IncrementAsync());
    }

    private static GrainId NewGrainId() => GrainId.Create(CounterGrain.StateName, Guid.NewGuid().ToString("N"));

    private static GrainState<CounterState> State(int value, string? etag) =>
        new(new CounterState { Value = value }) { ETag = etag };

    private static int ValueOf(GrainState<CounterState> state) => Assert.IsType<CounterState>(state.State).Value;

    private async Task<GrainState<CounterState>> ReadAsync(GrainId grain)
    {
        var state = new GrainState<CounterState>(new CounterState());
        await _storage.ReadStateAsync(CounterGrain.StateName, grain, state);
        return state;
    }
}
