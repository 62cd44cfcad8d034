extern alias agent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>A control plane that records acknowledgements and plays the watch messages a test writes.</summary>
internal sealed class FakeControlPlane : IControlPlane
{
    private readonly List<(long Epoch, string Sha256)> _acks = [];

    public Channel<WatchResponse> Messages { get; } = Channel.CreateUnbounded<WatchResponse>();

    public long PlantEpoch { get; set; }

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
        await foreach (var message in Messages.Reader.ReadAllAsync(cancellationToken))
        {
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
