using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Propagation;

/// <summary>A test enforcement point: enrolled through the real API, holding its own credential.</summary>
internal sealed class EnforcementPoint(ApiServer server, string id, string plant, CallOptions credential)
{
    public string Id { get; } = id;

    public string Plant { get; } = plant;

    public CallOptions Credential { get; } = credential;

    public EnforcementService.EnforcementServiceClient Client { get; } = new(server.Channel);

    /// <summary>An administrator creates an enrollment token; the point enrolls with it.</summary>
    public static async Task<EnforcementPoint> EnrollAsync(ApiServer server, string id, string plant, params string[] zones)
    {
        var client = new EnforcementService.EnforcementServiceClient(server.Channel);
        var request = new CreateEnrollmentTokenRequest { EnforcementPointId = id, PlantId = plant, Name = $"{id} gateway" };
        request.ZoneIds.AddRange(zones);
        var token = await client.CreateEnrollmentTokenAsync(request, server.As(Role.FleetAdmin));
        var enrolled = await client.EnrollAsync(new EnrollRequest(), Bearer(token.EnrollmentToken));
        return new EnforcementPoint(server, id, plant, Bearer(enrolled.Credential));
    }

    public static CallOptions Bearer(string token) => new(new Metadata { { "authorization", $"Bearer {token}" } });

    /// <summary>Starts watching the point's plant after <paramref name="sinceEpoch"/>.</summary>
    public Watcher Watch(long sinceEpoch, string? plant = null) =>
        Watcher.Start(Client, Credential, plant ?? Plant, sinceEpoch);

    /// <summary>Starts a watch with rulesets (or other options) of the point's plant.</summary>
    public Watcher Watch(WatchRequest request) => Watcher.Start(Client, Credential, request);

    public async Task<long> AckAsync(long epoch, string rulesetSha256 = "") =>
        (await Client.AckAsync(new AckRequest { Epoch = epoch, RulesetSha256 = rulesetSha256 }, Credential)).AcknowledgedEpoch;

    /// <summary>The delta of a watch response, as the pure core reads it.</summary>
    public static PlantDelta Delta(WatchResponse response) =>
        DeltaSerializer.FromRecord(new DeltaRecord(response.Epoch, response.Kind, response.Payload, null, response.At.ToDateTimeOffset()));
}
