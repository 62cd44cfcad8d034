using Orleans.Concurrency;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>
/// A plant's response, keyed by plant id: it reads the plant's detections (the stream <c>detections/{plantId}</c>,
/// gaps filled from the store), asks the pure planner what the playbooks say, applies the automatic steps through the
/// quarantine and identity grains, keeps the recommendations for people, and reverts applied steps after their time
/// to live (an Orleans reminder, durable across restarts).
/// </summary>
[Alias("ztfleet.IResponseGrain")]
public interface IResponseGrain : IGrainWithStringKey
{
    /// <summary>
    /// Plans and runs the response to detections of this plant (each detection once: a detection seen again, or
    /// changed, is not a new trigger). Returns the actions it created.
    /// </summary>
    Task<IReadOnlyList<ResponseAction>> HandleAsync(IReadOnlyList<Detection> detections, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the plant's detections changed since the last one handled, and the incidents changed since the last
    /// incident catch-up, and handles them (the backstop of the detection stream and of the correlator's one-way
    /// calls; the reminder runs it every minute).
    /// </summary>
    Task CatchUpAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// An incident with a part at this plant changed and fired these incident rules (new, spread across plants, toward
    /// safety, along conduits): runs the playbooks whose trigger names one of them, each rule once per incident. Sent
    /// one-way by the correlator; a call lost on the way is made up by <see cref="CatchUpAsync"/>.
    /// </summary>
    [OneWay]
    Task HandleIncidentAsync(Incident incident, IReadOnlyList<IncidentRule> rules);

    /// <summary>The plant's response actions, newest first.</summary>
    Task<IReadOnlyList<ResponseAction>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One action, or null.</summary>
    Task<ResponseAction?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// A person applies a recommendation. The safety guard still holds: restrict-writes or isolate on a safety-related
    /// asset becomes a quarantine request with the person as requester, under the quarantine's own rules.
    /// </summary>
    Task<ResponseAction> ApplyAsync(string id, string person, CancellationToken cancellationToken = default);

    /// <summary>A person dismisses a recommendation.</summary>
    Task<ResponseAction> DismissAsync(string id, string person, string reason, CancellationToken cancellationToken = default);

    /// <summary>
    /// A person reverts an applied step before its time to live: unlock, withdraw the step-up, or ask for the lift of
    /// the quarantine (which then needs its approvers, as every lift does).
    /// </summary>
    Task<ResponseAction> RevertAsync(string id, string person, string reason, CancellationToken cancellationToken = default);

    /// <summary>Reverts the applied steps whose time to live has passed, and follows quarantines waiting for approvers.</summary>
    Task<IReadOnlyList<ResponseAction>> RevertDueAsync(CancellationToken cancellationToken = default);
}
