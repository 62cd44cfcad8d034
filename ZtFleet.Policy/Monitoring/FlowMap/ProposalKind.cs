namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>What a proposal does for one observed flow.</summary>
public enum ProposalKind
{
    /// <summary>Not proposed.</summary>
    Unspecified = 0,

    /// <summary>Nothing: the document already allows everything observed.</summary>
    AlreadyCovered = 1,

    /// <summary>A new declared flow inside one zone.</summary>
    AddFlow = 2,

    /// <summary>The observed operations added to a declared flow with the same ends, protocol and port.</summary>
    ExtendFlow = 3,

    /// <summary>A new conduit between the two zones, narrowed to the two assets.</summary>
    AddConduit = 4,

    /// <summary>The observed operations added to a conduit narrowed to the same two assets, protocol and port.</summary>
    ExtendConduit = 5,
}
