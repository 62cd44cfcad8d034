namespace ZtFleet.Grains.Security;

/// <summary>Persisted state of the fleet's deny list.</summary>
[GenerateSerializer, Alias("ztfleet.TokenRevocationGrainState")]
public sealed class TokenRevocationGrainState
{
    /// <summary>Grows by one with every addition, never reset (pruning does not change it).</summary>
    [Id(0)]
    public long Version { get; set; }

    /// <summary>Revoked tokens by id.</summary>
    [Id(1)]
    public Dictionary<string, RevokedToken> Tokens { get; set; } = [];

    /// <summary>Revoked enforcement points by id.</summary>
    [Id(2)]
    public Dictionary<string, RevokedEnforcementPoint> EnforcementPoints { get; set; } = [];
}
