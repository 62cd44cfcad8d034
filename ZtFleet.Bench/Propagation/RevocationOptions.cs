namespace ZtFleet.Bench.Propagation;

/// <summary>What the revocation fan-out benchmark runs.</summary>
/// <param name="Plants">Plants, each watched by <c>EnforcementPoints / Plants</c> points.</param>
/// <param name="EnforcementPoints">Enforcement points, each with its own credential and its own Watch stream.</param>
/// <param name="Rounds">Revocations measured (the first is reported as warm-up and left out of the totals).</param>
/// <param name="Channels">gRPC channels the points share (each opens more HTTP/2 connections past 100 streams).</param>
/// <param name="Checkers">Callers that keep asking DecisionService/Check about the revoked identity, per mode.</param>
/// <param name="IdentitiesPerPlant">Other identities per plant (the snapshot an identity delta copies).</param>
/// <param name="Acknowledge">Points acknowledge what they applied (as real ones do); off isolates the fan-out itself.</param>
/// <param name="StreamPollMilliseconds">
/// Overrides the silo's memory-stream pulling period (0: the product's configuration, Orleans' default 100 ms).
/// </param>
public sealed record RevocationOptions(
    int Plants = 10,
    int EnforcementPoints = 1000,
    int Rounds = 6,
    int Channels = 10,
    int Checkers = 1,
    int IdentitiesPerPlant = 200,
    int StreamPollMilliseconds = 0,
    bool Acknowledge = true)
{
    internal static RevocationOptions From(Arguments arguments)
    {
        var options = new RevocationOptions(
            arguments.Int("plants", 10),
            arguments.Int("peps", 1000),
            arguments.Int("rounds", 6),
            arguments.Int("channels", 10),
            arguments.Int("checkers", 1),
            arguments.Int("identities-per-plant", 200),
            arguments.Int("stream-poll-ms", 0),
            !arguments.Flag("no-ack"));
        arguments.RejectUnknown();
        if (options.Plants < 1 || options.EnforcementPoints < options.Plants || options.Rounds < 1 || options.Channels < 1
            || options.Checkers < 0 || options.IdentitiesPerPlant < 0 || options.StreamPollMilliseconds < 0)
        {
            throw new ArgumentException("need --plants >= 1, --peps >= plants, --rounds >= 1, --channels >= 1, and no negative counts");
        }

        return options;
    }
}
