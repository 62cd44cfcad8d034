using ZtFleet.Grains.Refusals;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>
/// A delta in the log without a payload (only stream notices are empty; in the log it is damage) makes the plant
/// view reload its snapshot once and say so: it neither reads the same page again and again nor answers an epoch it
/// could not reach.
/// </summary>
public sealed class EmptyPayloadTests : IAsyncLifetime
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");

    private readonly LogCapture _logs = new();
    private readonly CountingDeltaLogStore _log = new(new InMemoryDeltaLogStore());
    private readonly ApiServer _server;

    public EmptyPayloadTests() => _server = new ApiServer
    {
        ApiLogs = _logs,
        ConfigureSilo = silo => silo.Services.AddSingleton<IDeltaLogStore>(_log),
    };

    private PlantViewCache Views => _server.ApiServices.GetRequiredService<PlantViewCache>();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_delta_without_a_payload_in_the_log_makes_the_view_reload_once_and_neither_loop_nor_answer_its_epoch()
    {
        var current = (await Views.GetAsync(Berlin, 0, CancellationToken.None)).Epoch;
        await _log.AppendAsync(Berlin.Value, new DeltaRecord(current + 1, "identity", string.Empty, "damaged", DateTimeOffset.UtcNow));
        var readsBefore = _log.ReadsAfter(Berlin.Value, current);

        // Bounded: the view's catch-up wait (2 s by default) ends it; a recursing catch-up would never return.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TemporarilyUnavailableException>(() => Views.GetAsync(Berlin, current + 1, deadline.Token));

        // A catch-up that read the same page again would have read it thousands of times by now.
        var reads = _log.ReadsAfter(Berlin.Value, current) - readsBefore;
        Assert.InRange(reads, 1, 10);

        // The view still serves what it had, and said what it found.
        Assert.Equal(current, (await Views.GetAsync(Berlin, 0, CancellationToken.None)).Epoch);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains($"epoch {current + 1} (identity) without a payload", StringComparison.Ordinal));
    }

    /// <summary>The memory delta log, counting reads from each plant's epoch.</summary>
    private sealed class CountingDeltaLogStore(IDeltaLogStore inner) : IDeltaLogStore
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Plant, long After), int> _reads = new();

        public int ReadsAfter(string plant, long afterEpoch) => _reads.GetValueOrDefault((plant, afterEpoch));

        public Task<DeltaAppendResult> AppendAsync(string plant, DeltaRecord record, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(plant, record, cancellationToken);

        public Task<IReadOnlyList<DeltaRecord>> ReadAsync(string plant, long afterEpoch, int limit, CancellationToken cancellationToken = default)
        {
            _reads.AddOrUpdate((plant, afterEpoch), 1, (_, n) => n + 1);
            return inner.ReadAsync(plant, afterEpoch, limit, cancellationToken);
        }

        public Task<long> LastEpochAsync(string plant, CancellationToken cancellationToken = default) => inner.LastEpochAsync(plant, cancellationToken);
    }
}
