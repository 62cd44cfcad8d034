namespace ZtFleet.Policy.Inventory;

/// <summary>Which side may open a connection through a conduit.</summary>
public enum ConduitDirection
{
    Unspecified = 0,

    /// <summary>Only the <c>from</c> zone initiates; replies flow back on the same session.</summary>
    FromTo = 1,

    /// <summary>Either side may initiate.</summary>
    Bidirectional = 2,
}
