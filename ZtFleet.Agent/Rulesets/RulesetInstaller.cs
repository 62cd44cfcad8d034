using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.State;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Rulesets;

/// <summary>
/// The one way rulesets reach the applier: a ruleset from the control plane is applied only when its text matches
/// its SHA-256, and is then kept on disk (<c>ruleset.nft</c> and <c>ruleset.json</c>) as the last applied. Fail-closed
/// replaces it in the kernel without forgetting it, so it can be restored when the control plane is back.
/// </summary>
/// <remarks>
/// Applications are serialised: the watch and the fail-mode monitor never interleave two <c>nft -f</c>. At start
/// (<see cref="StartAsync"/>) the stored last ruleset of the agent's plant is put back in force, or the fail-closed
/// one when there is none: after a reboot the gateway does not forward freely while the agent catches up.
/// <para>
/// Fail-closed holds: once <see cref="FailCloseAsync"/> has put the fail-closed ruleset in force, rulesets from the
/// control plane are verified and recorded (<see cref="Current"/>, the files on disk) but not applied, and no hash is
/// acknowledged, until <see cref="RestoreAsync"/> (the fail-mode monitor, once contact is counted again: the watch
/// caught up and in step) puts the newest one in force. A reconnect that delivers a ruleset but never catches up
/// therefore never opens the gateway.
/// </para>
/// <para>
/// Defence in depth: a ruleset for other zones than the credential's (when it is bound to zones), whose header names
/// another plant, or older than <see cref="Current"/> is refused (<see cref="RulesetApplyException"/>).
/// </para>
/// </remarks>
public sealed class RulesetInstaller(IRulesetApplier applier, StateDirectory state, ILogger<RulesetInstaller> logger)
{
    /// <summary>The last applied ruleset's text.</summary>
    public const string TextFile = "ruleset.nft";

    /// <summary>The last applied ruleset's epoch, hash and zones.</summary>
    public const string MetadataFile = "ruleset.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private const string HeaderPrefix = "# ZtFleet ruleset: plant ";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _plant;
    private IReadOnlyCollection<string> _zones = [];
    private bool _acceptOlder;

    /// <summary>The last ruleset received and applied from the control plane (also while failed closed).</summary>
    public AppliedRuleset? Current { get; private set; }

    /// <summary>
    /// Whether the fail-closed ruleset is in force instead of <see cref="Current"/>: held from <see cref="FailCloseAsync"/>
    /// until <see cref="RestoreAsync"/>; <see cref="InstallAsync"/> does not end it.
    /// </summary>
    public bool FailedClosed { get; private set; }

    /// <summary>Whether applied rulesets are really in force (not with <c>--no-nftables</c>).</summary>
    public bool PutsInForce => applier.PutsInForce;

    /// <summary>
    /// The SHA-256 to acknowledge: that of the ruleset in force; empty when none from the control plane is (none yet,
    /// failed closed, or <c>--no-nftables</c>, where nothing is ever in force).
    /// </summary>
    public string AppliedSha256 => !applier.PutsInForce || FailedClosed || Current is null ? string.Empty : Current.Sha256;

    /// <summary>
    /// Puts the stored last ruleset back in force when it is <paramref name="plantId"/>'s and its text matches its
    /// hash; otherwise <paramref name="failClosedRuleset"/> (held until <see cref="RestoreAsync"/>). Later rulesets are
    /// stored as <paramref name="plantId"/>'s, and refused when they are another plant's or, when
    /// <paramref name="zoneIds"/> is not empty, for other zones.
    /// </summary>
    /// <exception cref="RulesetApplyException">Not even the fail-closed ruleset could be applied.</exception>
    public async Task StartAsync(string plantId, IReadOnlyCollection<string> zoneIds, string failClosedRuleset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zoneIds);
        _plant = plantId;
        _zones = [.. zoneIds];
        var (stored, reason) = LoadStored(plantId);
        if (stored is not null)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await applier.ApplyAsync(stored.Text, cancellationToken);
                Current = stored;
                FailedClosed = false;
                logger.LogWarning(
                    "Applied the stored ruleset of epoch {Epoch} (sha256 {Sha256}) from before the restart; it stays in force until the control plane sends the current one",
                    stored.Epoch, stored.Sha256);
                return;
            }
            catch (RulesetApplyException ex)
            {
                reason = $"it was refused ({ex.Message})";
            }
            finally
            {
                _gate.Release();
            }
        }

        logger.LogWarning("No stored ruleset to start with: {Reason}; applying the fail-closed ruleset until the control plane sends one", reason);
        await FailCloseAsync(failClosedRuleset, cancellationToken);
    }

    /// <summary>Verifies and applies a ruleset from the control plane, then records it as the last applied.</summary>
    /// <exception cref="RulesetApplyException">Wrong format, wrong hash, or refused by the applier.</exception>
    public async Task<AppliedRuleset> InstallAsync(Ruleset ruleset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        if (ruleset.Format != RulesetFormat.Nftables)
        {
            throw new RulesetApplyException($"ruleset of epoch {ruleset.Epoch} is in format {ruleset.Format}, not nftables");
        }

        var actual = Sha256(ruleset.Text);
        if (!string.Equals(actual, ruleset.Sha256, StringComparison.Ordinal))
        {
            throw new RulesetApplyException($"ruleset of epoch {ruleset.Epoch} does not match its hash (announced {ruleset.Sha256}, text has {actual}); not applied");
        }

        var applied = new AppliedRuleset(ruleset.Epoch, actual, [.. ruleset.ZoneIds], ruleset.Text);
        var held = false;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Refusal(applied) is { } refusal)
            {
                logger.LogError("Refused the ruleset of epoch {Epoch} (sha256 {Sha256}): {Reason}; not applied", applied.Epoch, applied.Sha256, refusal);
                throw new RulesetApplyException($"ruleset of epoch {applied.Epoch} refused: {refusal}");
            }

            // Failed closed: recorded, put in force only by RestoreAsync once contact is counted again.
            held = FailedClosed;
            if (!held)
            {
                await applier.ApplyAsync(applied.Text, cancellationToken);
            }

            Current = applied;
            _acceptOlder = false;
            state.Write(TextFile, applied.Text);
            state.Write(MetadataFile, JsonSerializer.Serialize(new StoredMetadata(_plant, applied.Epoch, applied.Sha256, applied.ZoneIds), Json));
        }
        finally
        {
            _gate.Release();
        }

        if (held)
        {
            logger.LogWarning(
                "Received ruleset of epoch {Epoch} for zones {Zones} (sha256 {Sha256}) while failed closed: recorded, NOT applied until contact with the control plane is back",
                applied.Epoch, string.Join(", ", applied.ZoneIds), applied.Sha256);
        }
        else
        {
            logger.LogInformation("Applied ruleset of epoch {Epoch} for zones {Zones} (sha256 {Sha256})", applied.Epoch, string.Join(", ", applied.ZoneIds), applied.Sha256);
        }

        return applied;
    }

    /// <summary>
    /// The control plane is behind the ruleset recorded here (a restored database): the next ruleset may be older
    /// than <see cref="Current"/>.
    /// </summary>
    public void AcceptOlder(long plantEpoch)
    {
        if (Current is { } current && current.Epoch > plantEpoch)
        {
            logger.LogWarning(
                "The plant is at epoch {PlantEpoch}, behind the recorded ruleset of epoch {Epoch}: the next ruleset may be older", plantEpoch, current.Epoch);
            _acceptOlder = true;
        }
    }

    // Why a verified ruleset must not be applied, or null.
    private string? Refusal(AppliedRuleset ruleset)
    {
        if (_plant is not null && HeaderPlant(ruleset.Text) is { } plant && !string.Equals(plant, _plant, StringComparison.Ordinal))
        {
            return $"it is plant {plant}'s, not {_plant}'s";
        }

        if (_zones.Count > 0 && !ruleset.ZoneIds.ToHashSet(StringComparer.Ordinal).SetEquals(_zones))
        {
            return $"it guards zones {string.Join(", ", ruleset.ZoneIds)}, not this point's {string.Join(", ", _zones)}";
        }

        if (!_acceptOlder && Current is { } current && ruleset.Epoch < current.Epoch)
        {
            return $"it is older than the ruleset of epoch {current.Epoch} already received";
        }

        return null;
    }

    // The plant named by the first line ("# ZtFleet ruleset: plant line, zones control, epoch 4."), or null.
    private static string? HeaderPlant(string text)
    {
        var end = text.IndexOf('\n', StringComparison.Ordinal);
        var first = end < 0 ? text : text[..end];
        if (!first.StartsWith(HeaderPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = first[HeaderPrefix.Length..];
        var comma = rest.IndexOf(',', StringComparison.Ordinal);
        return (comma < 0 ? rest.TrimEnd('.') : rest[..comma]).Trim();
    }

    /// <summary>
    /// Puts a fail-closed ruleset (<see cref="ZtFleet.Policy.Segmentation.NftablesRuleset.FailClosed"/>) in force; the
    /// last applied one is remembered.
    /// </summary>
    public async Task FailCloseAsync(string failClosedRuleset, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await applier.ApplyAsync(failClosedRuleset, cancellationToken);
            FailedClosed = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Puts the newest ruleset from the control plane back in force after fail-closed, and ends the hold; without one
    /// the fail-closed ruleset stays.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Current is { } current)
            {
                await applier.ApplyAsync(current.Text, cancellationToken);
                FailedClosed = false;
                logger.LogInformation("Restored ruleset of epoch {Epoch} (sha256 {Sha256})", current.Epoch, current.Sha256);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private (AppliedRuleset? Ruleset, string Reason) LoadStored(string plantId)
    {
        string? text;
        string? json;
        try
        {
            text = state.Read(TextFile);
            json = state.Read(MetadataFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read it ({ex.Message})");
        }

        if (text is null || json is null)
        {
            return (null, "none in the state directory");
        }

        StoredMetadata? metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<StoredMetadata>(json, Json);
        }
        catch (JsonException ex)
        {
            return (null, $"{MetadataFile} is unreadable ({ex.Message})");
        }

        if (metadata is null || !string.Equals(metadata.Plant, plantId, StringComparison.Ordinal))
        {
            return (null, $"the stored one is not plant {plantId}'s (it is {metadata?.Plant ?? "of no recorded plant"})");
        }

        var sha = Sha256(text);
        if (!string.Equals(sha, metadata.Sha256, StringComparison.Ordinal))
        {
            return (null, $"{TextFile} does not match its recorded hash");
        }

        return (new AppliedRuleset(metadata.Epoch, sha, metadata.ZoneIds ?? [], text), string.Empty);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text, as the control plane computes it.</summary>
    public static string Sha256(string text) =>
        RulesetHash.Of(text);

    private sealed record StoredMetadata(string? Plant, long Epoch, string Sha256, IReadOnlyList<string>? ZoneIds);
}
