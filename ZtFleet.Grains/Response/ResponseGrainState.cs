using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>
/// The persistent state of a plant's response grain (state name <c>response</c>): its actions, the detections it
/// handled, where it is in the plant's detection revisions, and the times of its recent automatic actions.
/// </summary>
public sealed class ResponseGrainState
{
    /// <summary>The actions, oldest first (the oldest closed ones are forgotten beyond <see cref="ResponseGrain.MaxActions"/>).</summary>
    public List<ResponseAction> Actions { get; set; } = [];

    /// <summary>The last action number (<c>ra-{n}</c>).</summary>
    public long Sequence { get; set; }

    /// <summary>The last detection revision handled; null before the first.</summary>
    public long? Cursor { get; set; }

    /// <summary>
    /// Ids of detections already handled, and <c>incident:{id}:{rule}</c> for incident rules already handled (the
    /// newest <see cref="ResponseGrain.MaxHandled"/>).
    /// </summary>
    public List<string> Handled { get; set; } = [];

    /// <summary>The last incident revision the incident catch-up took; null before the first catch-up.</summary>
    public long? IncidentCursor { get; set; }

    /// <summary>When the plant's automatic actions of the last hour were taken.</summary>
    public List<DateTimeOffset> AutoActions { get; set; } = [];
}
