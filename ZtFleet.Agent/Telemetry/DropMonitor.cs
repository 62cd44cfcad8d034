using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Telemetry;

/// <summary>
/// Reports the connections the ruleset drops. The forward chain's last rules add every packet its policy drops to the
/// dynamic sets <see cref="NftablesRuleset.DroppedSetV4"/> and <see cref="NftablesRuleset.DroppedSetV6"/> (one element
/// per source, destination, transport and port, with a counter); this monitor lists them every
/// <see cref="TelemetryOptions.DropPollInterval"/> with <c>nft -j list set</c> and reports, per element, the packets and
/// bytes dropped since its previous reading as a <c>FLOW_ACTION_DROPPED</c> flow.
/// </summary>
/// <remarks>
/// A counter lower than the one read before belongs to a new element (the old one expired, or a new ruleset replaced
/// the table and its sets): all of it is new. Elements no longer listed are forgotten.
/// </remarks>
public sealed class DropMonitor
{
    private static readonly TimeSpan NftTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<string, CancellationToken, Task<string?>> _listSet;
    private readonly TelemetryBuffer _buffer;
    private readonly EnforcementState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private Dictionary<string, DroppedElement> _last = [];
    private bool _warned;

    /// <param name="listSet">Lists one set by name as nft's JSON, or null when it cannot (no such set yet).</param>
    /// <param name="buffer">Where the reports go.</param>
    /// <param name="state">Whether the agent failed closed (the rule of the drops).</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    public DropMonitor(Func<string, CancellationToken, Task<string?>> listSet, TelemetryBuffer buffer, EnforcementState state, TimeProvider time, ILogger logger)
    {
        _listSet = listSet;
        _buffer = buffer;
        _state = state;
        _time = time;
        _logger = logger;
    }

    /// <summary>Lists a set of <c>table inet ztfleet</c> with the <c>nft</c> at <paramref name="nft"/>; null when nft fails.</summary>
    public static Func<string, CancellationToken, Task<string?>> Nft(string nft) => async (set, cancellationToken) =>
    {
        var start = new ProcessStartInfo(nft) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-j", "list", "set", "inet", "ztfleet", set })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start);
        if (process is null)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(NftTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await error;
        return process.ExitCode == 0 ? await output : null;
    };

    /// <summary>Reads the sets every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await PollAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads the sets once and reports what was dropped since the previous reading; returns how many flows it reported.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<string, DroppedElement>();
        var listed = false;
        foreach (var set in new[] { NftablesRuleset.DroppedSetV4, NftablesRuleset.DroppedSetV6 })
        {
            string? json;
            try
            {
                json = await _listSet(set, cancellationToken);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or IOException)
            {
                json = null;
                _logger.LogDebug("Cannot list {Set}: {Reason}", set, ex.Message);
            }

            if (json is null)
            {
                continue;
            }

            try
            {
                foreach (var element in DroppedSetParser.Parse(json))
                {
                    current[element.Key] = element;
                }

                listed = true;
            }
            catch (JsonException ex)
            {
                _logger.LogWarning("nft listed {Set} as something that is not JSON: {Reason}", set, ex.Message);
            }
        }

        if (!listed && !_warned)
        {
            // A ruleset from before the dropped sets, or none applied yet: said once.
            _warned = true;
            _logger.LogWarning("The ruleset in force has no dropped sets ({V4}, {V6}); dropped connections are not reported until one has", NftablesRuleset.DroppedSetV4, NftablesRuleset.DroppedSetV6);
        }

        var now = _time.GetUtcNow();
        var rule = _state.FailedClosed ? TelemetryEvents.FailClosed : TelemetryEvents.DefaultDeny;
        var reported = 0;
        foreach (var (key, element) in current)
        {
            var (packets, bytes) = _last.TryGetValue(key, out var before) && before.Packets <= element.Packets
                ? (element.Packets - before.Packets, Math.Max(0, element.Bytes - before.Bytes))
                : (element.Packets, element.Bytes);
            if (packets > 0)
            {
                _buffer.Add(TelemetryEvents.DroppedFlow(now, element, packets, bytes, rule));
                reported++;
            }
        }

        _last = current;
        return reported;
    }
}
