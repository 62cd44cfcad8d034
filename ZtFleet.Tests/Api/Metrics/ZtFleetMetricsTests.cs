using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Diagnostics;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;

namespace ZtFleet.Tests.Api.Metrics;

/// <summary>
/// The <c>ZtFleet</c> meter (docs/metrics.md) as an exporter sees it: a MeterListener records what a decision, an
/// apply and an acknowledgement measure. Instruments are process-wide, so measurements are picked by their tags.
/// </summary>
public sealed class ZtFleetMetricsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public ZtFleetMetricsTests() => _server = new ApiServer(_time);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_decision_an_apply_and_an_acknowledgement_record_their_instruments()
    {
        using var recorded = new Recorder();
        var admin = _server.As(Role.FleetAdmin);
        await new FleetService.FleetServiceClient(_server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var quick = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        await EnforcementPoint.EnrollAsync(_server, "berlin-gw-2", "berlin");
        var locked = await new AccessService.AccessServiceClient(_server.Channel).LockIdentityAsync(
            new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge stolen" }, admin);
        var revocation = locked.Epochs.Single(e => e.PlantId == "berlin").Epoch;

        var decision = await new DecisionService.DecisionServiceClient(_server.Channel).CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "vendor-tech", ZoneId = "cell-1", Operation = Operation.View, AtLeastEpoch = revocation },
            quick.Credential);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        await quick.AckAsync(revocation);

        Assert.False(decision.Decision.Allow);
        Assert.Contains(recorded.Measurements, m => m.Instrument == "ztfleet.fleet.apply.duration" && m.Tags.GetValueOrDefault("source") is "apply" && m.Tags.GetValueOrDefault("outcome") is "applied" && m.Value >= 0);
        Assert.Contains(recorded.Measurements, m => m.Instrument == "ztfleet.decisions" && m.Tags.GetValueOrDefault("effect") is "deny" && m.Tags.GetValueOrDefault("kind") is "access" && m.Value == 1);
        Assert.Contains(recorded.Measurements, m => m.Instrument == "ztfleet.revocation.lag" && m.Tags.GetValueOrDefault("plant") is "berlin" && Math.Abs(m.Value - 0.4) < 1e-9);

        // One point has acknowledged the plant's epoch, the other nothing yet.
        var gauges = _server.ApiServices.GetServices<IHostedService>().OfType<PropagationGauges>().Single();
        var counts = await gauges.CountAsync(CancellationToken.None);
        Assert.Equal((1, 0), counts["berlin"]);
        recorded.Observe();
        Assert.Contains(recorded.Measurements, m => m.Instrument == "ztfleet.enforcement_points.behind" && m.Tags.GetValueOrDefault("plant") is "berlin");
    }

    /// <summary>Everything the ZtFleet meter measures while it lives.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measurement> _measurements = new();

        public Recorder()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ZtFleetMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IReadOnlyCollection<Measurement> Measurements => _measurements;

        public void Observe() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var byName = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                byName[tag.Key] = tag.Value;
            }

            _measurements.Enqueue(new Measurement(instrument.Name, value, byName));
        }
    }

    private sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}
