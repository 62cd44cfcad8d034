using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ZtFleet.Tests.EndToEnd;

/// <summary>
/// A process the end-to-end test started (inside a network namespace): its stdout lines arrive on a channel, its
/// whole output is kept for the failure message, and it is killed when disposed.
/// </summary>
internal sealed class LabProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _log = new();

    private LabProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.OutputDataReceived += (_, e) => Receive(e.Data, stdout: true);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data, stdout: false);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process printed so far, both streams.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static LabProcess Start(string name, string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new LabProcess(name, Process.Start(start)!);
    }

    /// <summary>Sends one line to the process's stdin.</summary>
    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Sends a JSON command and returns the next JSON line that is a reply (not an event).</summary>
    public async Task<JsonObject> CallAsync(object command, TimeSpan? timeout = null)
    {
        await SendAsync(System.Text.Json.JsonSerializer.Serialize(command));
        return await NextJsonAsync(json => json.ContainsKey("ok"), timeout);
    }

    /// <summary>The next stdout line that is a JSON object satisfying <paramref name="match"/>.</summary>
    public async Task<JsonObject> NextJsonAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(cancel.Token);
                if (line.StartsWith('{') && JsonNode.Parse(line) is JsonObject json && match(json))
                {
                    return json;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name}: no matching output within {limit}. Output so far:\n{Log}");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException($"{Name} exited before the expected output. Output:\n{Log}");
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), then kills it if it does not within the grace period.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            HostTools.TryRun("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!_process.WaitForExit(grace))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    public void Dispose()
    {
        Stop(TimeSpan.FromSeconds(3));
        _process.Dispose();
    }

    private void Receive(string? line, bool stdout)
    {
        if (line is null)
        {
            if (stdout)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_log)
        {
            _log.Append(line).Append('\n');
        }

        if (stdout)
        {
            _lines.Writer.TryWrite(line);
        }
    }
}
