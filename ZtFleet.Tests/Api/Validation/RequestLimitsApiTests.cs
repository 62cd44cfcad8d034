using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Validation;

/// <summary>
/// Long fields and malformed times against the real API server: refused at once with a short status, and the same
/// channel (the same HTTP/2 connection) answers the next call.
/// </summary>
public sealed class RequestLimitsApiTests(RequestLimitsApiTests.Fleet fleet) : IClassFixture<RequestLimitsApiTests.Fleet>
{
    private static readonly string FiveMegabytes = new('x', 5 * 1024 * 1024);

    private ApiServer Server => fleet.Server;

    [Theory]
    [InlineData("GetAsset.plant_id")]
    [InlineData("Check.identity_id")]
    [InlineData("RequestAccess.justification")]
    [InlineData("QuarantineAsset.reason")]
    [InlineData("LockIdentity.reason")]
    public async Task A_5_MB_field_is_refused_at_once_and_the_channel_stays_usable(string call)
    {
        var admin = Server.As(Role.FleetAdmin).WithDeadline(DateTime.UtcNow.AddSeconds(15));
        var fleetClient = new FleetService.FleetServiceClient(Server.Channel);
        var watch = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<RpcException>(() => call switch
        {
            "GetAsset.plant_id" => fleetClient.GetAssetAsync(new GetAssetRequest { PlantId = FiveMegabytes, AssetId = "plc-1" }, admin).ResponseAsync,
            "Check.identity_id" => new DecisionService.DecisionServiceClient(Server.Channel)
                .CheckAsync(new CheckRequest { PlantId = "berlin", IdentityId = FiveMegabytes, AssetId = "plc-1", Operation = Operation.View }, admin).ResponseAsync,
            "RequestAccess.justification" => Access.RequestAccessAsync(Window("req-long", DateTimeOffset.UtcNow.AddHours(1), 4, FiveMegabytes), admin).ResponseAsync,
            "QuarantineAsset.reason" => new QuarantineService.QuarantineServiceClient(Server.Channel).QuarantineAssetAsync(
                new QuarantineAssetRequest { QuarantineId = "q-long", PlantId = "berlin", AssetId = "plc-1", Mode = QuarantineMode.RestrictWrites, Reason = FiveMegabytes },
                admin).ResponseAsync,
            _ => Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "jdoe", Reason = FiveMegabytes }, admin).ResponseAsync,
        });

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"answered after {watch.Elapsed}");
        var field = call[(call.IndexOf('.', StringComparison.Ordinal) + 1)..];
        Assert.Contains($"{field} is 5242880 characters long; at most", ex.Status.Detail, StringComparison.Ordinal);
        Assert.True(ex.Status.Detail.Length < 120, ex.Status.Detail);
        Assert.Equal(field, Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        var plants = await fleetClient.ListPlantsAsync(new ListPlantsRequest(), Server.As(Role.FleetAdmin).WithDeadline(DateTime.UtcNow.AddSeconds(10)));
        Assert.Equal(2, plants.Plants.Count);
    }

    [Fact]
    public async Task A_50_KB_plant_id_inside_a_fleet_document_gets_a_short_violation()
    {
        var document = TestFleets.TwoPlants.Replace("- id: austin", $"- id: {new string('a', 50_000)}", StringComparison.Ordinal);
        var fleetClient = new FleetService.FleetServiceClient(Server.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => fleetClient.ApplyFleetAsync(
            new ApplyFleetRequest { Document = document, DryRun = true }, Server.As(Role.FleetAdmin).WithDeadline(DateTime.UtcNow.AddSeconds(15))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Description.Contains("(50000 characters) is not a valid id", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain(new string('a', Echo.MaxCharacters + 1), v.Field + v.Description, StringComparison.Ordinal));
        Assert.NotNull(await fleetClient.ListPlantsAsync(new ListPlantsRequest(), Server.As(Role.FleetAdmin)));
    }

    [Fact]
    public async Task A_document_with_3000_problems_answers_a_bounded_status()
    {
        var text = TestFleets.TwoPlants;
        var at = text.IndexOf("    assets:\n", StringComparison.Ordinal) + "    assets:\n".Length;
        var bad = string.Concat(Enumerable.Range(0, 3000).Select(i =>
            $"      - id: bad-{i}\n        name: x\n        zone: nowhere-{i}\n        type: plc\n        ip: 999.1.1.{i}\n        criticality: 3\n"));
        var fleetClient = new FleetService.FleetServiceClient(Server.Channel);

        var ex = await Assert.ThrowsAsync<RpcException>(() => fleetClient.ApplyFleetAsync(
            new ApplyFleetRequest { Document = text.Insert(at, bad), DryRun = true }, Server.As(Role.FleetAdmin).WithDeadline(DateTime.UtcNow.AddSeconds(15))).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.True(violations.Count <= ViolationBudget.MaxViolations, $"{violations.Count} violations");
        Assert.Equal("…", violations[^1].Field);
        Assert.NotNull(await fleetClient.ListPlantsAsync(new ListPlantsRequest(), Server.As(Role.FleetAdmin)));
    }

    [Theory]
    [InlineData(0L, -5, "not_before", "has nanos -5")]
    [InlineData(0L, 2_000_000_000, "not_before", "has nanos 2000000000")]
    [InlineData(-62_135_596_801L, 0, "not_before", "has seconds -62135596801")]
    [InlineData(253_402_300_800L, 0, "not_before", "has seconds 253402300800")]
    public async Task A_malformed_timestamp_is_invalid_argument_naming_its_field(long seconds, int nanos, string field, string problem)
    {
        var request = Window($"req-ts-{nanos}-{seconds}".Replace("--", "-m", StringComparison.Ordinal), DateTimeOffset.UtcNow.AddHours(1), 4);
        request.NotBefore = new Timestamp { Seconds = seconds, Nanos = nanos };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Access.RequestAccessAsync(request, Planner).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(field, violation.Field);
        Assert.StartsWith(problem, violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("req-year-9999", -1, "not_before")]
    [InlineData("req-91-days", 91, "not_before")]
    [InlineData("req-89-days", 89, null)]
    public async Task A_window_must_lie_within_90_days(string id, int daysAhead, string? refused)
    {
        var start = daysAhead < 0 ? new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero) : DateTimeOffset.UtcNow.AddDays(daysAhead);

        var call = Access.RequestAccessAsync(Window(id, start, 4), Planner).ResponseAsync;

        if (refused is null)
        {
            Assert.Equal(AccessRequestStatus.Requested, (await call).Status);
            return;
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => call);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(refused, Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }

    private AccessService.AccessServiceClient Access => new(Server.Channel);

    private CallOptions Planner => Server.AsSubject("planner", Role.PlantAdmin, "berlin");

    private static RequestAccessRequest Window(string id, DateTimeOffset start, int hours, string justification = "firmware update") => new()
    {
        RequestId = id,
        IdentityId = "vendor-tech",
        PlantId = "berlin",
        Operations = { Operation.Program },
        AssetIds = { "plc-1" },
        NotBefore = Timestamp.FromDateTimeOffset(start),
        NotAfter = Timestamp.FromDateTimeOffset(start.AddHours(hours)),
        Justification = justification,
        WorkOrder = "WO-1",
    };

    /// <summary>One API server with the two test plants, shared by the tests of this class.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        public ApiServer Server { get; } = new();

        public async Task InitializeAsync()
        {
            await Server.InitializeAsync();
            await new FleetService.FleetServiceClient(Server.Channel)
                .ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Server.As(Role.FleetAdmin));
        }

        public Task DisposeAsync() => Server.DisposeAsync();
    }
}
