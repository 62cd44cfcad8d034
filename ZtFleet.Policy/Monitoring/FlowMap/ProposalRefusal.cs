namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>Why one chosen observed flow cannot be turned into policy.</summary>
/// <param name="Index">Its position among the chosen flows.</param>
/// <param name="Key">Its key.</param>
/// <param name="Reason">A sentence saying why and what to do.</param>
public sealed record ProposalRefusal(int Index, string Key, string Reason);
