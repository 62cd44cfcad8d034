using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Agent.Rulesets;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;

namespace ZtFleet.Agent.Enforcement;

/// <summary>
/// Turns watch streams into enforcement: builds the plant snapshot from the log (from epoch 0 at the first start and
/// after a resynchronisation, otherwise from the snapshot kept from the last stream), applies the rulesets the stream
/// carries, publishes the view once it has caught up with the plant, and acknowledges.
/// </summary>
/// <remarks>
/// While a stream replays the log the snapshot passes through past states, including grants since revoked, so nothing
/// is published until it reaches the epoch the plant had when the stream was opened (the view published before stays
/// in force meanwhile); resuming from the kept snapshot keeps that replay short. Rulesets are not history: the control
/// plane compiles each one from its current view, so any ruleset newer than the one applied (its epoch is the plant's
/// segmentation epoch) is applied when it arrives, even on a replayed delta (a quarantine that lands during a replay
/// rides on an old delta and is never sent again). One acknowledgement covers the replay; afterwards each live delta
/// is acknowledged once applied.
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

    /// <summary>The snapshot built from the streams (ahead of the published view while catching up).</summary>
    public PlantSnapshot? Snapshot => _snapshot;

    /// <summary>
    /// Starts a new stream; the view is published again once the snapshot reaches <paramref name="plantEpoch"/>.
    /// Returns the epoch to watch from: the kept snapshot's, or 0 when there is none.
    /// </summary>
    public long Begin(long plantEpoch)
    {
        OutOfStep();
        installer.AcceptOlder(plantEpoch);
        if (_snapshot is not null && _snapshot.Epoch > plantEpoch)
        {
            logger.LogWarning(
                "The plant is at epoch {PlantEpoch}, behind this agent's {Epoch} (was the control plane restored?); resynchronising from epoch 0",
                plantEpoch, _snapshot.Epoch);
            _snapshot = null;
        }

        _catchUpTo = plantEpoch;
        _caughtUp = false;
        return _snapshot?.Epoch ?? 0;
    }

    /// <summary>Forgets the snapshot: the next stream replays the log from epoch 0.</summary>
    public void Resynchronise()
    {
        _snapshot = null;
        OutOfStep();
    }

    /// <summary>The stream ended or broke.</summary>
    public void Disconnected() => OutOfStep();

    /// <summary>Handles one message of the stream.</summary>
    /// <exception cref="RulesetApplyException">A ruleset could not be applied (the stream is restarted).</exception>
    /// <exception cref="DeltaGapException">The stream skipped an epoch (the stream is restarted from epoch 0).</exception>
    public async Task HandleAsync(WatchResponse message, CancellationToken cancellationToken)
    {
        try
        {
            await HandleCoreAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is DeltaGapException or InvalidDataException or JsonException or NotSupportedException or ArgumentException)
        {
            // The snapshot can no longer be trusted to follow the log: the next stream starts again from epoch 0.
            Resynchronise();
            throw;
        }
        catch
        {
            OutOfStep();
            throw;
        }
    }

    // The proxy stops deciding on the published view until the next catch-up (see EnforcementState.InStep).
    private void OutOfStep()
    {
        contact.OutOfStep();
        state.SetInStep(false);
    }

    private async Task HandleCoreAsync(WatchResponse message, CancellationToken cancellationToken)
    {
        if (message.Kind == RulesetKind)
        {
            // The current ruleset at the start of the stream.
            if (message.Ruleset is { } initial)
            {
                await installer.InstallAsync(initial, cancellationToken);
            }

            await CatchUpAsync(message.Kind, cancellationToken);
            return;
        }

        var delta = PlantDeltaJson.Deserialize(message.Payload);
        PlantSnapshot next;
        if (_snapshot is null)
        {
            if (delta is not PlantDefinitionChanged changed)
            {
                throw new InvalidDataException($"the stream from epoch 0 starts with {message.Kind} at epoch {message.Epoch}, not a plant definition");
            }

            next = PlantSnapshot.Create(changed.Plant, changed.Roles ?? [], changed.Policy ?? FleetPolicy.Default, [], changed.Epoch);
        }
        else
        {
            next = _snapshot.Apply(delta);
        }

        // The snapshot moves only once the delta's ruleset is in force: a refused one is delivered again by the next
        // stream (as its first message), resumed from the epoch before.
        var live = _caughtUp || message.Epoch > _catchUpTo;
        if (message.Ruleset is { } ruleset && (live || ruleset.Epoch > (installer.Current?.Epoch ?? long.MinValue)))
        {
            if (!live)
            {
                logger.LogInformation(
                    "Replayed delta {Epoch} carries a newer ruleset (segmentation epoch {RulesetEpoch}): applying it now", message.Epoch, ruleset.Epoch);
            }

            await installer.InstallAsync(ruleset, cancellationToken);
        }

        _snapshot = next;
        await CatchUpAsync(message.Kind, cancellationToken);
    }

    // Publishes and acknowledges once the snapshot has reached the plant's epoch at the start of the stream.
    private async Task CatchUpAsync(string kind, CancellationToken cancellationToken)
    {
        if (_snapshot is null)
        {
            return;
        }

        if (!_caughtUp && _snapshot.Epoch >= _catchUpTo)
        {
            _caughtUp = true;
            logger.LogInformation("Caught up with plant {Plant} at epoch {Epoch}", _snapshot.Plant, _snapshot.Epoch);
        }

        if (!_caughtUp)
        {
            return;
        }

        if (!ReferenceEquals(state.View?.Snapshot, _snapshot))
        {
            state.Publish(PlantView.Of(_snapshot, state.View));
            logger.LogDebug("Plant {Plant} at epoch {Epoch} ({Kind})", _snapshot.Plant, _snapshot.Epoch, kind);
        }

        // In step once the view is published: the proxy decides on it again (and re-decides its sessions).
        state.SetInStep(true);
        await AckAsync(_snapshot.Epoch, cancellationToken);
        contact.CaughtUp(_snapshot.Epoch);
    }

    private async Task AckAsync(long epoch, CancellationToken cancellationToken)
    {
        var sha = installer.AppliedSha256;
        await controlPlane.AckAsync(epoch, sha, cancellationToken);
        logger.LogDebug("Acknowledged epoch {Epoch} (ruleset {Sha256})", epoch, sha.Length == 0 ? "none in force" : sha);
    }
}
