namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>What learning a finding adds to (or removes from) an asset's baseline.</summary>
public enum BaselineLearnableKind
{
    Unspecified = 0,

    /// <summary>A talker on a port (<c>learn:talker</c>).</summary>
    Talker = 1,

    /// <summary>An operation of a source on a unit, with the addresses it touched (<c>learn:operation</c>).</summary>
    Operation = 2,

    /// <summary>An address range of a known operation (<c>learn:range</c>).</summary>
    Range = 3,

    /// <summary>A link's new polling period (<c>learn:period</c>).</summary>
    Period = 4,

    /// <summary>A link that stopped is no longer expected (<c>learn:silence</c>: the link is forgotten).</summary>
    Silence = 5,
}
