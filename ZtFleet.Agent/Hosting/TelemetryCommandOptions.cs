using System.CommandLine;
using ZtFleet.Agent.Telemetry;

namespace ZtFleet.Agent.Hosting;

/// <summary>The telemetry options the agent and its <c>zeek</c> command share.</summary>
public sealed class TelemetryCommandOptions
{
    private readonly Option<int> _buffer = new("--telemetry-buffer")
    {
        Description = "the most events held while the control plane is out of reach; beyond it the oldest are dropped (and counted)",
        DefaultValueFactory = _ => 100_000,
    };

    private readonly Option<int> _batchSize = new("--telemetry-batch-size")
    {
        Description = "the most events per batch (1-5000)",
        DefaultValueFactory = _ => 1000,
    };

    private readonly Option<double> _batchSeconds = new("--telemetry-batch-seconds")
    {
        Description = "how long a batch waits to fill before it is sent anyway",
        DefaultValueFactory = _ => 1,
    };

    private TelemetryCommandOptions()
    {
    }

    /// <summary>New option objects (one set per command).</summary>
    public static TelemetryCommandOptions Create() => new();

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_buffer);
        command.Options.Add(_batchSize);
        command.Options.Add(_batchSeconds);
    }

    /// <summary>The options as given; problems are added to <paramref name="errors"/>.</summary>
    public TelemetryOptions Read(ParseResult parsed, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(errors);
        var buffer = parsed.GetValue(_buffer);
        var batchSize = parsed.GetValue(_batchSize);
        var batchSeconds = parsed.GetValue(_batchSeconds);
        if (buffer < 1)
        {
            errors.Add("--telemetry-buffer must be at least 1");
        }

        if (batchSize is < 1 or > 5000)
        {
            errors.Add("--telemetry-batch-size must be 1-5000");
        }

        if (batchSeconds <= 0)
        {
            errors.Add("--telemetry-batch-seconds must be positive");
        }

        return new TelemetryOptions
        {
            BufferCapacity = Math.Max(buffer, 1),
            BatchSize = Math.Clamp(batchSize, 1, 5000),
            BatchDelay = TimeSpan.FromSeconds(Math.Max(batchSeconds, 0.001)),
        };
    }
}
