using System.Text;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Telemetry;
using ZtFleet.Policy.Monitoring.Zeek;

namespace ZtFleet.Agent.Zeek;

/// <summary>
/// Feeds Zeek logs to <c>TelemetryService/Ingest</c>: reads each input with <see cref="ZeekLogReader"/>, maps its
/// records with a <see cref="ZeekTelemetryMapper"/> and adds the events to the buffer the
/// <see cref="TelemetrySender"/> sends, waiting for room when it is full (a log can wait; nothing is dropped). Bad lines
/// are logged (with their line number) and skipped.
/// </summary>
public sealed class ZeekAdapter(TelemetryBuffer buffer, TimeProvider time, ILogger logger)
{
    /// <summary>How often a followed file is looked at for more.</summary>
    public static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(500);

    private const int ProblemsLogged = 20;
    private long _events;
    private long _problems;

    /// <summary>Events added so far.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>Lines that were not records (bad lines) or could not be mapped.</summary>
    public long Problems => Interlocked.Read(ref _problems);

    /// <summary>Reads every input at once; with <paramref name="follow"/>, files are followed until cancelled.</summary>
    public async Task ReadAllAsync(IReadOnlyList<ZeekInput> inputs, bool follow, Func<TextReader> standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await Task.WhenAll(inputs.Select(input => Task.Run(() => ReadAsync(input, follow, standardInput, cancellationToken), cancellationToken)));
    }

    /// <summary>Reads one input to its end (or, followed, until cancelled).</summary>
    public async Task ReadAsync(ZeekInput input, bool follow, Func<TextReader> standardInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(standardInput);
        if (input.IsStandardInput)
        {
            await ReadAsync(input, standardInput(), cancellationToken);
            return;
        }

        Stream stream = follow
            ? new FollowingFileStream(input.Path, FollowPoll, time)
            : new FileStream(input.Path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
        await using (stream)
        {
            using var reader = new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true);
            try
            {
                await ReadAsync(input, reader, cancellationToken);
            }
            catch (OperationCanceledException) when (follow && cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Reads one input from <paramref name="reader"/> to its end.</summary>
    public async Task ReadAsync(ZeekInput input, TextReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var mapper = new ZeekTelemetryMapper();
        var name = input.IsStandardInput ? "standard input" : input.Path;
        await foreach (var entry in ZeekLogReader.ReadAsync(reader, input.Kind, cancellationToken))
        {
            if (!entry.IsRecord)
            {
                if (Interlocked.Increment(ref _problems) <= ProblemsLogged)
                {
                    logger.LogWarning("{Input} line {Line} skipped: {Kind} {Field} {Message}", name, entry.Line, entry.Problem.Kind, entry.Problem.Field, entry.Problem.Message);
                }

                continue;
            }

            var skipped = mapper.Skipped;
            foreach (var telemetryEvent in mapper.Map(entry.Record))
            {
                await AddAsync(telemetryEvent, cancellationToken);
            }

            if (mapper.Skipped > skipped && Interlocked.Increment(ref _problems) <= ProblemsLogged)
            {
                logger.LogWarning("{Input} line {Line} skipped: a Modbus function this reader does not know", name, entry.Line);
            }
        }

        foreach (var telemetryEvent in mapper.Flush())
        {
            await AddAsync(telemetryEvent, cancellationToken);
        }

        logger.LogInformation("{Input}: read to its end", name);
    }

    private async Task AddAsync(Api.V1.TelemetryEvent telemetryEvent, CancellationToken cancellationToken)
    {
        await buffer.AddAsync(telemetryEvent, cancellationToken);
        Interlocked.Increment(ref _events);
    }
}
