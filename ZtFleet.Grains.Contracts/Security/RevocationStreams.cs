using Orleans.Runtime;
using Orleans.Streams;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Grains.Security;

/// <summary>
/// The Orleans stream <c>credential-revocations/fleet</c> on which <see cref="ITokenRevocationGrain"/> pushes each
/// addition to every API process. It rides the memory stream provider the plant deltas use: the fast path, never the
/// truth (the grain's list is; API processes reload it periodically).
/// </summary>
public static class RevocationStreams
{
    public const string Namespace = "credential-revocations";

    public static StreamId Fleet => StreamId.Create(Namespace, GrainKeys.Fleet);

    public static IAsyncStream<Revocation> Of(IStreamProvider provider) => provider.GetStream<Revocation>(Fleet);
}
