extern alias agent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// A control plane that records acknowledgements and watch requests and plays the watch messages a test writes; a
/// message of kind <see cref="BreakKind"/> breaks the stream (Unavailable).
/// </summary>
internal sealed class FakeControlPlane : IControlPlane
{
    public const string BreakKind = "break";

    private readonly List<(long Epoch, string Sha256)> _acks = [];
    private readonly List<WatchRequest> _requests = [];
    private long _plantEpoch;

    public Channel<WatchResponse> Messages { get; } = Channel.CreateUnbounded<WatchResponse>();

    public long PlantEpoch
    {
        get => Interlocked.Read(ref _plantEpoch);
        set => Interlocked.Exchange(ref _plantEpoch, value);
    }

    public IReadOnlyList<WatchRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<(long Epoch, string Sha256)> Acks
    {
        get
        {
            lock (_acks)
            {
                return [.. _acks];
            }
        }
    }

    public Task<StoredCredential> EnrollAsync(string enrollmentToken, CancellationToken cancellationToken) =>
        throw new EnrollmentRefusedException("the fake control plane enrolls nobody");

    public void UseCredential(StoredCredential credential)
    {
    }

    public async IAsyncEnumerable<WatchResponse> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        await foreach (var message in Messages.Reader.ReadAllAsync(cancellationToken))
        {
            if (message.Kind == BreakKind)
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the test broke the stream"));
            }

            yield return message;
        }
    }

    public Task<long> AckAsync(long epoch, string rulesetSha256, CancellationToken cancellationToken)
    {
        lock (_acks)
        {
            _acks.Add((epoch, rulesetSha256));
        }

        return Task.FromResult(epoch);
    }

    public Task<long> HeartbeatAsync(CancellationToken cancellationToken) => Task.FromResult(PlantEpoch);
}
