using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// Feeds detections to the trust factors of their asset (<see cref="IAssetGrain"/>) and identity
/// (<see cref="IIdentityGrain"/>) as <see cref="DetectionTrust"/> says (source the detection id, its severity and
/// sentence).
/// </summary>
public sealed class GrainDetectionTrustFeed(IGrainFactory grains) : IDetectionTrustFeed
{
    public async Task AddAsync(Detection detection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detection);
        foreach (var (kind, asset, identity) in Targets(detection))
        {
            var factor = new TrustFactor(kind, detection.Id, detection.FirstSeen, detection.Finding.Severity, Detail: detection.Finding.Summary);
            await (asset is not null ? asset.SetTrustFactorAsync(factor, cancellationToken) : identity!.SetTrustFactorAsync(factor, cancellationToken));
        }
    }

    public async Task RemoveAsync(Detection detection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(detection);
        foreach (var (kind, asset, identity) in Targets(detection))
        {
            await (asset is not null
                ? asset.RemoveTrustFactorAsync(kind, detection.Id, cancellationToken)
                : identity!.RemoveTrustFactorAsync(kind, detection.Id, cancellationToken));
        }
    }

    private IEnumerable<(TrustFactorKind Kind, IAssetGrain? Asset, IIdentityGrain? Identity)> Targets(Detection detection)
    {
        if (detection.Finding.Asset is { } asset)
        {
            yield return (DetectionTrust.OnAsset(detection), grains.GetGrain<IAssetGrain>(GrainKeys.Asset(detection.Plant, asset)), null);
        }

        if (detection.Finding.Identity is { } identity && DetectionTrust.OnIdentity(detection) is { } kind)
        {
            yield return (kind, null, grains.GetGrain<IIdentityGrain>(GrainKeys.Identity(identity)));
        }
    }
}
