namespace ZtFleet.Agent.Zeek;

/// <summary>
/// A read-only stream over a log file that Zeek keeps writing (<c>tail -F</c>): at the end of the file it waits for
/// more instead of ending, and when the file at the path is shorter than what was read (Zeek rotated it: the old file
/// was renamed and a new one begun, or it was truncated) it reopens the path and reads the new file from its start.
/// It ends only when cancelled.
/// </summary>
public sealed class FollowingFileStream : Stream
{
    private readonly string _path;
    private readonly TimeSpan _poll;
    private readonly TimeProvider _time;
    private FileStream _file;

    /// <param name="path">The log file.</param>
    /// <param name="poll">How often to look for more at the end of the file.</param>
    /// <param name="time">The clock the waits use.</param>
    /// <param name="fromEnd">Start at the end of the file (only what is written from now on), not its start.</param>
    public FollowingFileStream(string path, TimeSpan poll, TimeProvider time, bool fromEnd = false)
    {
        _path = path;
        _poll = poll;
        _time = time;
        _file = Open(path);
        if (fromEnd)
        {
            _file.Seek(0, SeekOrigin.End);
        }
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => _file.Position; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await _file.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            if (Rotated())
            {
                await _file.DisposeAsync();
                _file = Open(_path);
                continue;
            }

            await Task.Delay(_poll, _time, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool Rotated()
    {
        try
        {
            var info = new FileInfo(_path);
            return info.Exists && info.Length < _file.Position;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static FileStream Open(string path) =>
        new(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, Options = FileOptions.Asynchronous });
}
