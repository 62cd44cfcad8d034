using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Trust;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using PolicyTrustTier = ZtFleet.Policy.Monitoring.Trust.TrustTier;
using V1TrustFactor = ZtFleet.Api.V1.TrustFactor;
using V1TrustTier = ZtFleet.Api.V1.TrustTier;

namespace ZtFleet.Api.Trust;

/// <summary>
/// <c>ztfleet.v1.TrustService</c>: the explained trust score of an asset or an identity (<see cref="AdminAction.ReadTrust"/>:
/// fleet admins, plant admins and auditors of the plant; for an identity, of a plant where it is assigned). An asset
/// or identity the caller may not see is NOT_FOUND, like one that does not exist.
/// </summary>
public sealed class TrustApiService(IClusterClient cluster) : TrustService.TrustServiceBase
{
    public override async Task<GetTrustResponse> GetTrust(GetTrustRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var byIdentity = !string.IsNullOrEmpty(request.IdentityId);
        if (byIdentity)
        {
            if (!string.IsNullOrEmpty(request.PlantId) || !string.IsNullOrEmpty(request.AssetId))
            {
                throw new InvalidRequestException(
                    "Ask for an asset (plant_id and asset_id) or an identity (identity_id), not both.",
                    [new Violation("identity_id", "names an identity: plant_id and asset_id must stay empty")]);
            }

            var id = IdentityId.TryParse(request.IdentityId, out var parsed) ? parsed : throw InvalidRequestException.Field("identity_id", EntityId.Describe(request.IdentityId));
            var what = $"Identity '{id}'";
            var grain = cluster.GetGrain<IIdentityGrain>(GrainKeys.Identity(id));
            var spec = await grain.GetAsync(context.CancellationToken) ?? throw new NotFoundException(what);
            caller.AuthorizeAcross(AdminAction.ReadTrust, spec.Assignments.Select(a => a.Plant), what);
            return ToProto(await grain.GetTrustAsync(context.CancellationToken));
        }

        var violations = new List<Violation>();
        if (!PlantId.TryParse(request.PlantId, out var plant))
        {
            violations.Add(new Violation("plant_id", EntityId.Describe(request.PlantId)));
        }

        if (!AssetId.TryParse(request.AssetId, out var asset))
        {
            violations.Add(new Violation("asset_id", EntityId.Describe(request.AssetId)));
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Name an asset (plant_id and asset_id) or an identity (identity_id); see the field violations.", violations);
        }

        var assetWhat = $"Asset '{asset}' of plant '{plant}'";
        caller.Authorize(AdminAction.ReadTrust, plant, assetWhat);
        if (await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetAssetAsync(asset, context.CancellationToken) is null)
        {
            throw new NotFoundException(assetWhat);
        }

        return ToProto(await cluster.GetGrain<IAssetGrain>(GrainKeys.Asset(plant, asset)).GetTrustAsync(context.CancellationToken));
    }

    private static GetTrustResponse ToProto(TrustReport report)
    {
        var score = report.Score;
        var response = new GetTrustResponse
        {
            EntityKind = score.Entity.Kind == TrustEntityKind.Asset ? "asset" : "identity",
            EntityKey = score.Entity.Key,
            Score = score.Value,
            Tier = Tier(score.Tier),
            EnforcedTier = Tier(report.Enforced.Tier),
            EnforcedSince = Timestamp.FromDateTimeOffset(report.Enforced.Since),
            PendingTier = report.Enforced.PendingSince is null ? V1TrustTier.Unspecified : Tier(report.Enforced.Pending),
            Penalty = score.Penalty,
            At = Timestamp.FromDateTimeOffset(score.At),
            PublishedScore = report.PublishedScore,
        };
        if (report.Enforced.PendingSince is { } since)
        {
            response.PendingSince = Timestamp.FromDateTimeOffset(since);
        }

        response.Factors.AddRange(score.Contributions.Select(c => new V1TrustFactor
        {
            Kind = TrustVocabulary.Name(c.Factor.Kind),
            Source = c.Factor.Source,
            ObservedAt = Timestamp.FromDateTimeOffset(c.Factor.At),
            Severity = c.Factor.Severity == Policy.Monitoring.Severity.Unspecified ? string.Empty : TrustVocabulary.Name(c.Factor.Severity),
            Cvss = c.Factor.Cvss ?? 0,
            Detail = c.Factor.Detail ?? string.Empty,
            FullPoints = c.Full,
            DecayedPoints = c.Decayed,
            Points = c.Points,
            Explanation = c.Explanation,
        }));
        response.Explanation.AddRange(score.Explanation());
        return response;
    }

    private static V1TrustTier Tier(PolicyTrustTier tier) => tier switch
    {
        PolicyTrustTier.Trusted => V1TrustTier.Trusted,
        PolicyTrustTier.Reduced => V1TrustTier.Reduced,
        PolicyTrustTier.Restricted => V1TrustTier.Restricted,
        PolicyTrustTier.Untrusted => V1TrustTier.Untrusted,
        _ => V1TrustTier.Unspecified,
    };
}
