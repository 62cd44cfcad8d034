extern alias agent;
using System.Net;
using System.Net.Sockets;
using agent::ZtFleet.Agent.Enforcement;
using agent::ZtFleet.Agent.Modbus;
using agent::ZtFleet.Agent.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// A proxy session between a client and a PLC (loopback sockets; the decision uses the plant addresses the
/// connection stands for): allowed frames are forwarded, refused ones answered with an exception, and a revocation
/// or fail-closed closes the session.
/// </summary>
public sealed class ModbusSessionTests : IAsyncLifetime
{
    private static readonly IPEndPoint Plc = new(IPAddress.Parse(AgentFleets.PlcAddress), 502);

    private readonly EnforcementState _state = new();
    private readonly FakeTimeProvider _time = new();
    private readonly List<byte[]> _plcReceived = [];
    private readonly TelemetryBuffer _telemetry = new(100);
    private Socket _client = null!;
    private ModbusSession _session = null!;
    private Task _running = Task.CompletedTask;
    private TcpListener _plc = null!;
    private Task _plcServing = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        _state.Publish(PlantView.Of(AgentFleets.Snapshot(AgentFleets.ReadOnly, 1)));
        _state.SetInStep(true);
        _plc = new TcpListener(IPAddress.Loopback, 0);
        _plc.Start();
        _plcServing = ServePlcAsync();

        var (client, proxySide) = await PairAsync();
        _client = client;
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await upstream.ConnectAsync((IPEndPoint)_plc.LocalEndpoint);
        _session = new ModbusSession(
            1, new NetworkStream(proxySide, ownsSocket: true), new NetworkStream(upstream, ownsSocket: true),
            IPAddress.Parse(AgentFleets.HmiAddress), Plc, _state, _time, NullLogger.Instance, TimeSpan.FromSeconds(5), _telemetry);
        _running = _session.RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        _session.Close("test over");
        await _running.WaitAsync(TimeSpan.FromSeconds(5));
        _plc.Stop();
        await _plcServing.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _session.Dispose();
    }

    [Fact]
    public async Task An_allowed_read_is_forwarded_and_the_plcs_answer_relayed()
    {
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);

        Assert.Equal([0x00, 0x07, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x12, 0x34], await ReceiveAsync(11));
        Assert.Single(_plcReceived);
        Assert.Equal([(byte)3], _session.UsedFunctionCodes);
    }

    [Fact]
    public async Task A_refused_write_is_answered_with_illegal_function_and_never_reaches_the_plc()
    {
        await SendAsync([0x00, 0x08, 0x00, 0x00, 0x00, 0x06, 0x01, 0x06, 0x00, 0x01, 0x00, 0xFF]);
        Assert.Equal([0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x01, 0x86, 0x01], await ReceiveAsync(9));

        // The session goes on: a read after the refused write still passes, and only it reached the PLC.
        await SendAsync([0x00, 0x09, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal(11, (await ReceiveAsync(11)).Length);
        Assert.Equal([3], _plcReceived.Select(f => (int)f[7]));
    }

    [Fact]
    public async Task A_forwarded_read_is_reported_with_its_unit_address_quantity_and_rule()
    {
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x10, 0x00, 0x02]);
        await ReceiveAsync(11);

        var reported = Assert.Single(_telemetry.Take(10, out _)).OtTransaction;
        Assert.Equal(AgentFleets.HmiAddress, reported.Source.Ip);
        Assert.Equal(AgentFleets.PlcAddress, reported.Destination.Ip);
        Assert.Equal(502, reported.Destination.Port);
        Assert.Equal(("modbus-tcp", "fc3", 3, 1), (reported.Protocol, reported.Operation, reported.FunctionCode, reported.Unit));
        Assert.Equal((16L, 2L), (reported.Address, reported.Quantity));
        Assert.Equal(AgentV1.OtOutcome.Forwarded, reported.Outcome);
        Assert.False(reported.HasException);
        Assert.StartsWith("conduit:", reported.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_write_is_reported_as_refused_with_the_exception_the_proxy_answered()
    {
        await SendAsync([0x00, 0x08, 0x00, 0x00, 0x00, 0x06, 0x01, 0x06, 0x00, 0x01, 0x00, 0xFF]);
        await ReceiveAsync(9);

        var reported = Assert.Single(_telemetry.Take(10, out _)).OtTransaction;
        Assert.Equal((6, 1L, 1L), (reported.FunctionCode, reported.Address, reported.Quantity));
        Assert.Equal(AgentV1.OtOutcome.Refused, reported.Outcome);
        Assert.Equal(1, reported.Exception);
        Assert.NotEmpty(reported.Rule);
    }

    [Fact]
    public async Task Two_requests_in_one_segment_are_both_decided()
    {
        await SendAsync([
            0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x01, 0x06, 0x00, 0x01, 0x00, 0xFF,
            0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);

        var answers = await ReceiveAsync(9 + 11);
        Assert.Equal(0x86, answers[7]);
        Assert.Equal((0x02, 0x03), (answers[10], answers[16]));
    }

    [Fact]
    public async Task A_revocation_of_an_operation_the_session_used_closes_it()
    {
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        await ReceiveAsync(11);

        _state.Publish(PlantView.Of(AgentFleets.WithoutRead(2)));
        Assert.True(_session.Revalidate());

        Assert.Contains("fc3 is no longer allowed at epoch 2", _session.ClosedBecause, StringComparison.Ordinal);
        await AssertClosedAsync();
    }

    [Fact]
    public async Task A_revocation_of_what_the_session_never_used_leaves_it_open()
    {
        _state.Publish(PlantView.Of(AgentFleets.WithoutRead(2)));

        Assert.False(_session.Revalidate());
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal(0x83, (await ReceiveAsync(9))[7]);
    }

    [Fact]
    public async Task While_the_agent_is_not_in_step_every_request_is_refused_with_0x0B_and_after_the_catch_up_it_passes_again()
    {
        // Reconnecting: the ruleset in force may already be newer than the view (a quarantine redirecting to the
        // proxy), so nothing is decided on the view, a read included.
        _state.SetInStep(false);
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal([0x00, 0x07, 0x00, 0x00, 0x00, 0x03, 0x01, 0x83, 0x0B], await ReceiveAsync(9));
        await SendAsync([0x00, 0x08, 0x00, 0x00, 0x00, 0x06, 0x01, 0x06, 0x00, 0x01, 0x00, 0xFF]);
        Assert.Equal([0x00, 0x08, 0x00, 0x00, 0x00, 0x03, 0x01, 0x86, 0x0B], await ReceiveAsync(9));
        Assert.Null(_session.ClosedBecause);

        // Caught up: the same read is decided on the published view and forwarded.
        _state.SetInStep(true);
        await SendAsync([0x00, 0x09, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal([0x00, 0x09, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x12, 0x34], await ReceiveAsync(11));
        lock (_plcReceived)
        {
            Assert.Equal([3], _plcReceived.Select(f => (int)f[7]));
        }
    }

    [Fact]
    public async Task Out_of_step_a_session_is_kept_and_re_decided_on_the_view_published_at_the_catch_up()
    {
        await SendAsync([0x00, 0x07, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal(11, (await ReceiveAsync(11)).Length);

        _state.SetInStep(false);
        Assert.False(_session.Revalidate());

        // The catch-up publishes a view that revokes the read the session used, then the agent is in step.
        _state.Publish(PlantView.Of(AgentFleets.WithoutRead(2)));
        Assert.False(_session.Revalidate());
        _state.SetInStep(true);
        Assert.True(_session.Revalidate());
        await AssertClosedAsync();
    }

    [Fact]
    public async Task Failing_closed_closes_the_session()
    {
        _state.SetFailedClosed(true);

        Assert.True(_session.Revalidate());
        await AssertClosedAsync();
    }

    [Fact]
    public async Task A_frame_that_is_not_modbus_closes_the_session()
    {
        await SendAsync([0x00, 0x07, 0x00, 0x09, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);

        await AssertClosedAsync();
        Assert.Contains("protocol id 9", _session.ClosedBecause, StringComparison.Ordinal);
        Assert.Empty(_plcReceived);
    }

    [Fact]
    public async Task A_request_the_device_does_not_answer_gets_exception_0x0B_after_the_timeout_and_the_session_goes_on()
    {
        await SendAsync([0x00, 0x0A, 0x00, 0x00, 0x00, 0x06, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01]);
        await UntilPlcReceivedAsync(1);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal([0x00, 0x0A, 0x00, 0x00, 0x00, 0x03, 0x00, 0x83, 0x0B], await ReceiveAsync(9));

        await SendAsync([0x00, 0x0B, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal([0x00, 0x0B, 0x00, 0x00, 0x00, 0x05, 0x01, 0x03, 0x02, 0x12, 0x34], await ReceiveAsync(11));
    }

    [Fact]
    public async Task Pipelined_requests_get_their_own_responses_in_the_order_the_device_answers()
    {
        // Transaction 1 goes to the slow unit 8, transaction 2 to unit 1: the device answers 2 first, then 1.
        await SendAsync([
            0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x08, 0x03, 0x00, 0x00, 0x00, 0x01,
            0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);

        var answers = await ReceiveAsync(22);
        Assert.Equal((0x02, (byte)0x01), (answers[1], answers[6]));
        Assert.Equal((0x01, (byte)0x08), (answers[12], answers[17]));
    }

    [Fact]
    public async Task A_late_response_to_a_request_that_timed_out_is_dropped_not_given_to_the_next_request()
    {
        await SendAsync([0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x08, 0x03, 0x00, 0x00, 0x00, 0x01]);
        await UntilPlcReceivedAsync(1);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0x0B, (await ReceiveAsync(9))[8]);

        // The device now answers transaction 2, then (late) transaction 1.
        await SendAsync([0x00, 0x02, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal(0x02, (await ReceiveAsync(11))[1]);
        await SendAsync([0x00, 0x03, 0x00, 0x00, 0x00, 0x06, 0x01, 0x03, 0x00, 0x00, 0x00, 0x01]);
        Assert.Equal(0x03, (await ReceiveAsync(11))[1]);
    }

    private async Task UntilPlcReceivedAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (true)
        {
            lock (_plcReceived)
            {
                if (_plcReceived.Count >= count)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the PLC did not receive {count} requests");
            await Task.Delay(10);
        }
    }

    private async Task SendAsync(byte[] bytes) => await _client.SendAsync(bytes);

    private async Task<byte[]> ReceiveAsync(int count)
    {
        var buffer = new byte[count];
        var read = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (read < count)
        {
            var n = await _client.ReceiveAsync(buffer.AsMemory(read), timeout.Token);
            Assert.True(n > 0, $"the proxy closed the connection after {read} of {count} bytes");
            read += n;
        }

        return buffer;
    }

    private async Task AssertClosedAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[16];
        try
        {
            Assert.Equal(0, await _client.ReceiveAsync(buffer, timeout.Token));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        await _running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    // A stand-in PLC: answers every request with two bytes of register data (0x1234), recording what it got; except
    // unit 0 (a broadcast: no answer) and unit 8 (answered only after the next request's answer, as a slow device).
    private async Task ServePlcAsync()
    {
        try
        {
            using var socket = await _plc.AcceptSocketAsync();
            byte[]? held = null;
            var header = new byte[7];
            while (true)
            {
                if (!await ReadExactlyAsync(socket, header))
                {
                    return;
                }

                var body = new byte[((header[4] << 8) | header[5]) - 1];
                if (!await ReadExactlyAsync(socket, body))
                {
                    return;
                }

                lock (_plcReceived)
                {
                    _plcReceived.Add([.. header, .. body]);
                }

                byte[] answer = [header[0], header[1], 0, 0, 0, 5, header[6], body[0], 2, 0x12, 0x34];
                switch (header[6])
                {
                    case 0:
                        break;
                    case 8:
                        held = answer;
                        break;
                    default:
                        await socket.SendAsync(answer);
                        if (held is not null)
                        {
                            await socket.SendAsync(held);
                            held = null;
                        }

                        break;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }

    private static async Task<(Socket Client, Socket Server)> PairAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptSocketAsync();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        return (client, await accepting);
    }
}
