using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>The asset or identity a trust score is about.</summary>
/// <param name="Kind">Asset or identity.</param>
/// <param name="Key">Its grain key: <c>plantId/assetId</c> for an asset, the identity id for an identity.</param>
public sealed record TrustEntity(TrustEntityKind Kind, string Key)
{
    /// <summary>The asset <paramref name="asset"/> of <paramref name="plant"/>.</summary>
    public static TrustEntity Asset(PlantId plant, AssetId asset) => new(TrustEntityKind.Asset, $"{plant}/{asset}");

    /// <summary>The identity <paramref name="identity"/>.</summary>
    public static TrustEntity Identity(IdentityId identity) => new(TrustEntityKind.Identity, identity.ToString());

    /// <inheritdoc />
    public override string ToString() => $"{(Kind == TrustEntityKind.Asset ? "asset" : Kind == TrustEntityKind.Identity ? "identity" : "entity")} {Key}";
}
