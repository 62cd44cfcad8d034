using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Limits;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;

namespace ZtFleet.Tests.Api.BadInput;

/// <summary>
/// What a broken or hostile client does below the messages: another content type, HTTP/1.1, a body sent a byte at a
/// time, a stream never read, hundreds of streams on one credential. Each is refused or bounded, and the server keeps
/// answering everyone else.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class TransportTests(BadInputServer fixture)
{
    private const string ListPlants = "/ztfleet.v1.FleetService/ListPlants";
    private const string GetAsset = "/ztfleet.v1.FleetService/GetAsset";

    public static TheoryData<string, string?> ContentTypes() => new()
    {
        { ListPlants, "application/json" },
        { ListPlants, null },
        { GetAsset, "application/json" },
        { GetAsset, "text/plain" },
        { GetAsset, null },
    };

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task A_wrong_content_type_is_refused_without_hanging(string path, string? contentType)
    {
        using var raw = new RawGrpc(fixture.Server.Port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var body = contentType == "application/json" ? Encoding.UTF8.GetBytes("{\"plant_id\":\"berlin\"}") : RawGrpc.Frame([]);

        var answer = await raw.PostAsync(path, body, contentType, fixture.Admin, timeout.Token);

        Assert.True(
            answer.Http == HttpStatusCode.UnsupportedMediaType || answer.Grpc is { } status && !BadInputServer.ServerFaults.Contains(status),
            $"{path} with content type {contentType ?? "(none)"} answered HTTP {(int)answer.Http}, grpc-status {answer.Grpc}: {answer.Message}");
        await fixture.AssertStillServesAsync();
    }

    [Fact]
    public async Task Http_1_1_to_the_grpc_port_is_refused_at_once_and_the_server_is_fine_after()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, fixture.Server.Port);
        var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes(
            $"POST {ListPlants} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/grpc\r\nTE: trailers\r\nContent-Length: 5\r\n\r\n\0\0\0\0\0");
        await stream.WriteAsync(request);

        // The server closes the connection instead of answering; 30 s is only how long the test waits on a busy machine.
        var received = new MemoryStream();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    received.Write(buffer, 0, read);
                }
            }
            catch (IOException)
            {
                // Reset by the server: refused as well.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the server kept an HTTP/1.1 connection open for 30 s (received {received.Length} bytes)");
            }
        }

        // What came back, if anything, is HTTP/2 (a GOAWAY), not an HTTP/1.1 answer to the request.
        Assert.False(Encoding.ASCII.GetString(received.ToArray()).StartsWith("HTTP/1.1 200", StringComparison.Ordinal));
        await fixture.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_body_sent_a_byte_at_a_time_is_cut_off_and_holds_up_nobody_else()
    {
        using var raw = new RawGrpc(fixture.Server.Port);
        // The whole body would take 80 s; the test gives up only after it could have been sent completely, so a server
        // that waits for it shows as a body sent to the end, not as a slow machine.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var trickle = new TrickleContent(declaredLength: 40, every: TimeSpan.FromSeconds(2));
        var slow = raw.PostAsync(GetAsset, trickle, "application/grpc", fixture.Admin, giveUp.Token);

        // Meanwhile everyone else is served at once, on the same channel and a fresh one.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.False(slow.IsCompleted && slow.IsFaulted && giveUp.IsCancellationRequested);
        await fixture.AssertStillServesAsync();
        using (var other = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Server.Port}"))
        {
            await fixture.AssertStillServesAsync(other);
        }

        try
        {
            var answer = await slow;
            Assert.True(answer.Grpc is { } status && !BadInputServer.ServerFaults.Contains(status), $"answered HTTP {(int)answer.Http}, grpc-status {answer.Grpc}: {answer.Message}");
        }
        catch (HttpRequestException)
        {
            // The server reset the stream: the slow client was cut off.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the server never answered a body trickling in a byte every 2 s");
        }

        Assert.True(trickle.Sent < 40, $"the server read the whole trickled body ({trickle.Sent} of 40 bytes) instead of cutting it off");
        await fixture.AssertStillServesAsync();
    }

    [Fact]
    public async Task A_watch_that_is_never_read_blocks_only_itself_and_is_released_when_it_goes()
    {
        var limits = fixture.Server.ApiServices.GetRequiredService<StreamLimitInterceptor>();
        var access = new AccessService.AccessServiceClient(fixture.Channel);
        using var reader = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Server.Port}");
        var watch = new EnforcementService.EnforcementServiceClient(reader)
            .Watch(new WatchRequest { PlantId = "berlin", RulesetFormat = RulesetFormat.Nftables }, fixture.Point);
        await watch.ResponseHeadersAsync;
        Assert.Equal(1, limits.OpenStreams(Role.EnforcementPoint, BadInputServer.PointId));

        // Enough deltas to fill the client's HTTP/2 window many times over; nobody reads them.
        for (var i = 0; i < 40; i++)
        {
            await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = $"bad-input {i}" }, fixture.Admin);
            await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = "vendor-tech" }, fixture.Admin);
        }

        await fixture.AssertStillServesAsync();
        await fixture.AssertStillServesAsync(reader);
        watch.Dispose();
        await EventuallyAsync(() => limits.OpenStreams(Role.EnforcementPoint, BadInputServer.PointId) == 0, "the unread watch still counts after its client left");
    }

    [Fact]
    public async Task Five_hundred_watches_on_one_credential_are_each_answered_and_beyond_the_limit_refused()
    {
        var limits = fixture.Server.ApiServices.GetRequiredService<StreamLimitInterceptor>();
        using var hog = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Server.Port}");
        var client = new EnforcementService.EnforcementServiceClient(hog);
        var calls = Enumerable.Range(0, 500).Select(_ => client.Watch(new WatchRequest { PlantId = "berlin" }, fixture.Point.WithDeadline(DateTime.UtcNow.AddSeconds(60)))).ToList();
        StatusCode[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(calls.Select(FirstAnswerAsync));

            Assert.Equal(StreamLimitInterceptor.MaxStreamsPerCredential, outcomes.Count(o => o == StatusCode.OK));
            Assert.Equal(StreamLimitInterceptor.MaxStreamsPerCredential, limits.OpenStreams(Role.EnforcementPoint, BadInputServer.PointId));

            // Others are served meanwhile, and the same credential's other calls too.
            await fixture.AssertStillServesAsync();
            await new EnforcementService.EnforcementServiceClient(fixture.Channel).HeartbeatAsync(new HeartbeatRequest(), fixture.Point.WithDeadline(DateTime.UtcNow.AddSeconds(5)));
        }
        finally
        {
            calls.ForEach(call => call.Dispose());
        }

        await EventuallyAsync(() => limits.OpenStreams(Role.EnforcementPoint, BadInputServer.PointId) == 0, "closed watches still count");
        await fixture.AssertStillServesAsync();

        // Each refused watch was told why: RESOURCE_EXHAUSTED (the exception interceptor's mapping of LimitExceededException).
        Assert.All(outcomes, outcome => Assert.True(outcome is StatusCode.OK or StatusCode.ResourceExhausted, $"a watch answered {outcome}"));
    }

    [Fact]
    public async Task Health_watches_without_a_credential_are_bounded_per_address()
    {
        using var hog = GrpcChannel.ForAddress($"http://127.0.0.1:{fixture.Server.Port}");
        var health = new Grpc.Health.V1.Health.HealthClient(hog);
        var calls = Enumerable.Range(0, 40)
            .Select(_ => health.Watch(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(60)))
            .ToList();
        try
        {
            var outcomes = await Task.WhenAll(calls.Select(async call =>
            {
                try
                {
                    return await call.ResponseStream.MoveNext(CancellationToken.None) ? StatusCode.OK : call.GetStatus().StatusCode;
                }
                catch (RpcException ex)
                {
                    return ex.StatusCode;
                }
            }));

            Assert.Equal(StreamLimitInterceptor.MaxOpenStreamsPerPeer, outcomes.Count(o => o == StatusCode.OK));
            Assert.All(outcomes, outcome => Assert.True(outcome is StatusCode.OK or StatusCode.ResourceExhausted, $"a health watch answered {outcome}"));
            await fixture.AssertStillServesAsync();
        }
        finally
        {
            calls.ForEach(call => call.Dispose());
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_calls_on_one_admin_token_are_all_answered()
    {
        var fleet = new FleetService.FleetServiceClient(fixture.Channel);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
            (await fleet.ListPlantsAsync(new ListPlantsRequest(), fixture.Admin.WithDeadline(DateTime.UtcNow.AddSeconds(20)))).Plants.Count));

        Assert.All(answers, count => Assert.Equal(2, count));
        await fixture.AssertStillServesAsync();
    }

    /// <summary>OK when the stream delivers a message, else the status it ended with.</summary>
    private static async Task<StatusCode> FirstAnswerAsync(AsyncServerStreamingCall<WatchResponse> call)
    {
        try
        {
            return await call.ResponseStream.MoveNext(CancellationToken.None) ? StatusCode.OK : call.GetStatus().StatusCode;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), failure);
            await Task.Delay(50);
        }
    }

    /// <summary>A gRPC frame header promising <c>declaredLength</c> bytes, then one byte every <c>every</c>.</summary>
    private sealed class TrickleContent(int declaredLength, TimeSpan every) : HttpContent
    {
        private int _sent;

        /// <summary>Bytes of the message sent so far (the frame header not counted).</summary>
        public int Sent => Volatile.Read(ref _sent);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.WriteAsync(RawGrpc.Frame([], declaredLength), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            for (var i = 0; i < declaredLength; i++)
            {
                await Task.Delay(every, cancellationToken);
                await stream.WriteAsync(new byte[] { 0x0a }, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                Interlocked.Increment(ref _sent);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
