using ZtFleet.Agent.State;
using ZtFleet.Api.V1;

namespace ZtFleet.Agent.ControlPlane;

/// <summary>The calls the agent makes to the ZtFleet API (<c>EnforcementService</c>); a fake in unit tests.</summary>
public interface IControlPlane
{
    /// <summary>Enrolls with a one-time token and returns the point's own credential.</summary>
    /// <exception cref="EnrollmentRefusedException">The API refused the token.</exception>
    Task<StoredCredential> EnrollAsync(string enrollmentToken, CancellationToken cancellationToken);

    /// <summary>Uses <paramref name="credential"/> for every later call.</summary>
    void UseCredential(StoredCredential credential);

    /// <summary>The plant's stream: an initial ruleset (when asked for), then its deltas after <c>since_epoch</c>.</summary>
    IAsyncEnumerable<WatchResponse> WatchAsync(WatchRequest request, CancellationToken cancellationToken);

    /// <summary>Acknowledges every delta up to <paramref name="epoch"/> and the ruleset applied.</summary>
    Task<long> AckAsync(long epoch, string rulesetSha256, CancellationToken cancellationToken);

    /// <summary>Says the point is alive; returns the plant's current epoch.</summary>
    Task<long> HeartbeatAsync(CancellationToken cancellationToken);

    /// <summary>
    /// One <c>TelemetryService/Ingest</c> stream: sends <paramref name="batches"/> as they come and yields the API's
    /// acknowledgements (the first one, of sequence 0, carries the highest sequence already acknowledged). Completing
    /// <paramref name="batches"/> completes the request side; the acknowledgements end when the API ends its side.
    /// </summary>
    /// <exception cref="CredentialRefusedException">The API refused the credential.</exception>
    IAsyncEnumerable<IngestAck> IngestAsync(IAsyncEnumerable<IngestBatch> batches, CancellationToken cancellationToken);
}
