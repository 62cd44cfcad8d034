extern alias agent;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// Dropped connections read from the ruleset's dynamic sets (the JSON is what Debian's nft 1.0.6 prints for
/// <c>nft -j list set inet ztfleet dropped_v4</c> after two refused TCP connections in a namespace).
/// </summary>
public sealed class DropMonitorTests
{
    private const string Listing = """
        {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"set": {"family": "inet", "name": "dropped_v4", "table": "ztfleet", "type": ["ipv4_addr", "ipv4_addr", "inet_proto", "inet_service"], "handle": 2, "size": 65536, "flags": ["timeout"], "timeout": 600, "elem": [{"elem": {"val": {"concat": ["10.9.1.2", "10.9.2.2", "tcp", 80]}, "expires": 599, "counter": {"packets": PACKETS80, "bytes": BYTES80}}}, {"elem": {"val": {"concat": ["10.9.1.2", "10.9.2.2", "tcp", 502]}, "expires": 597, "counter": {"packets": 2, "bytes": 120}}}], "stmt": [{"counter": null}]}}]}
        """;

    private readonly TelemetryBuffer _buffer = new(100);
    private readonly EnforcementState _state = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));
    private string? _v4;

    [Fact]
    public void The_parser_reads_source_destination_transport_port_and_counters()
    {
        var elements = DroppedSetParser.Parse(Listing.Replace("PACKETS80", "3", StringComparison.Ordinal).Replace("BYTES80", "180", StringComparison.Ordinal));

        Assert.Equal(
            [new DroppedElement("10.9.1.2", "10.9.2.2", "tcp", 80, 3, 180), new DroppedElement("10.9.1.2", "10.9.2.2", "tcp", 502, 2, 120)],
            elements);
    }

    [Fact]
    public void An_empty_set_has_no_elements()
    {
        Assert.Empty(DroppedSetParser.Parse("""{"nftables": [{"metainfo": {}}, {"set": {"name": "dropped_v6", "type": ["ipv6_addr"]}}]}"""));
    }

    [Fact]
    public async Task Each_reading_reports_what_was_dropped_since_the_previous_one()
    {
        var monitor = new DropMonitor(ListAsync, _buffer, _state, _time, NullLogger.Instance);
        _v4 = Listing.Replace("PACKETS80", "3", StringComparison.Ordinal).Replace("BYTES80", "180", StringComparison.Ordinal);

        Assert.Equal(2, await monitor.PollAsync(CancellationToken.None));
        var first = _buffer.Take(10, out _).Select(e => e.Flow).OrderBy(f => f.Destination.Port).ToList();
        Assert.Equal([(80, 3L, 180L), (502, 2L, 120L)], first.Select(f => (f.Destination.Port, f.Packets, f.Bytes)));
        Assert.All(first, f =>
        {
            Assert.Equal(AgentV1.FlowAction.Dropped, f.Action);
            Assert.Equal("default-deny", f.Rule);
            Assert.Equal("tcp", f.Transport);
            Assert.Equal("10.9.1.2", f.Source.Ip);
        });

        // Port 80 dropped two more packets; port 502 nothing new.
        _v4 = Listing.Replace("PACKETS80", "5", StringComparison.Ordinal).Replace("BYTES80", "300", StringComparison.Ordinal);
        Assert.Equal(1, await monitor.PollAsync(CancellationToken.None));
        var second = Assert.Single(_buffer.Take(10, out _)).Flow;
        Assert.Equal((80, 2L, 120L), (second.Destination.Port, second.Packets, second.Bytes));

        // A new ruleset replaced the set: a counter lower than before is all new.
        _v4 = Listing.Replace("PACKETS80", "1", StringComparison.Ordinal).Replace("BYTES80", "60", StringComparison.Ordinal);
        Assert.Equal(1, await monitor.PollAsync(CancellationToken.None));
        Assert.Equal(1L, Assert.Single(_buffer.Take(10, out _)).Flow.Packets);
    }

    [Fact]
    public async Task Drops_while_failed_closed_name_the_fail_closed_rule_and_no_set_reports_nothing()
    {
        var monitor = new DropMonitor(ListAsync, _buffer, _state, _time, NullLogger.Instance);
        Assert.Equal(0, await monitor.PollAsync(CancellationToken.None));

        _state.SetFailedClosed(true);
        _v4 = Listing.Replace("PACKETS80", "3", StringComparison.Ordinal).Replace("BYTES80", "180", StringComparison.Ordinal);
        await monitor.PollAsync(CancellationToken.None);
        Assert.All(_buffer.Take(10, out _), e => Assert.Equal("fail-closed", e.Flow.Rule));
    }

    private Task<string?> ListAsync(string set, CancellationToken cancellationToken) =>
        Task.FromResult(set == "dropped_v4" ? _v4 : null);
}
