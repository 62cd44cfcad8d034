using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Agent.Rulesets;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;

namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// Turns one watch stream into enforcement: rebuilds the plant snapshot from the log (the stream starts at epoch 0),
/// applies the rulesets it carries, publishes the view once it has caught up with the plant, and acknowledges.
/// </summary>
/// <remarks>
/// While the stream replays the log the snapshot passes through every past state, including grants since revoked, so
/// nothing is published (and no past ruleset applied) until it reaches the epoch the plant had when the stream was
/// opened; the ruleset message at the start of the stream is the current one and is applied at once. One
/// acknowledgement then covers the whole replay; afterwards each live delta is acknowledged once applied.
/// </remarks>
public sealed class WatchProcessor(
    IControlPlane controlPlane,
    RulesetInstaller installer,
    EnforcementState state,
    ControlPlaneContact contact,
    ILogger<WatchProcessor> logger)
{
    /// <summary>The kind of the message at the start of a stream that carries the current ruleset.</summary>
    public const string RulesetKind = "ruleset";

    private PlantSnapshot? _snapshot;
    private long _catchUpTo;
    private bool _caughtUp;

    /// <summary>The snapshot being built on the current stream (ahead of the published view while catching up).</summary>
    public PlantSnapshot? Snapshot => _snapshot;

    /// <summary>Starts a new stream from epoch 0: the view is published again once it reaches <paramref name="plantEpoch"/>.</summary>
    public void Begin(long plantEpoch)
    {
        _snapshot = null;
        _catchUpTo = plantEpoch;
        _caughtUp = false;
    }

    /// <summary>Handles one message of the stream.</summary>
    /// <exception cref="RulesetApplyException">A ruleset could not be applied (the stream is restarted).</exception>
    /// <exception cref="DeltaGapException">The stream skipped an epoch (the stream is restarted).</exception>
    public async Task HandleAsync(WatchResponse message, CancellationToken cancellationToken)
    {
        contact.Record();
        if (message.Kind == RulesetKind)
        {
            if (message.Ruleset is { } initial)
            {
                await installer.InstallAsync(initial, cancellationToken);
                if (_caughtUp && _snapshot is not null)
                {
                    await AckAsync(_snapshot.Epoch, cancellationToken);
                }
            }

            return;
        }

        var delta = PlantDeltaJson.Deserialize(message.Payload);
        if (_snapshot is null)
        {
            if (delta is not PlantDefinitionChanged changed)
            {
                throw new InvalidDataException($"the stream from epoch 0 starts with {message.Kind} at epoch {message.Epoch}, not a plant definition");
            }

            _snapshot = PlantSnapshot.Create(changed.Plant, changed.Roles ?? [], changed.Policy ?? FleetPolicy.Default, [], changed.Epoch);
        }
        else
        {
            _snapshot = _snapshot.Apply(delta);
        }

        // A ruleset on a replayed delta is history: the stream's first message already carried the current one.
        var live = _caughtUp || message.Epoch > _catchUpTo;
        if (message.Ruleset is { } ruleset && live)
        {
            await installer.InstallAsync(ruleset, cancellationToken);
        }

        if (!_caughtUp && _snapshot.Epoch >= _catchUpTo)
        {
            _caughtUp = true;
            logger.LogInformation("Caught up with plant {Plant} at epoch {Epoch}", _snapshot.Plant, _snapshot.Epoch);
        }

        if (_caughtUp)
        {
            state.Publish(PlantView.Of(_snapshot, state.View));
            logger.LogDebug("Plant {Plant} at epoch {Epoch} ({Kind})", _snapshot.Plant, _snapshot.Epoch, message.Kind);
            await AckAsync(_snapshot.Epoch, cancellationToken);
        }
    }

    private async Task AckAsync(long epoch, CancellationToken cancellationToken)
    {
        var sha = installer.AppliedSha256;
        await controlPlane.AckAsync(epoch, sha, cancellationToken);
        logger.LogDebug("Acknowledged epoch {Epoch} (ruleset {Sha256})", epoch, sha.Length == 0 ? "none" : sha);
    }
}
