using System.Text;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>A line as read: its text, or null when it was longer than the bound (then only its length is known).</summary>
internal readonly record struct BoundedLine(string? Text, long Length);

/// <summary>
/// Reads lines of at most <c>max</c> characters from a <see cref="TextReader"/> through a fixed buffer: a longer
/// line is counted and skipped, never held whole (<see cref="TextReader.ReadLine"/> would allocate all of it).
/// Lines end at <c>\n</c>; a <c>\r</c> before it is dropped.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int max)
{
    private readonly char[] _buffer = new char[8192];
    private readonly StringBuilder _line = new();
    private int _position;
    private int _count;
    private long _length;
    private char _last;
    private bool _started;

    public BoundedLine? ReadLine()
    {
        Start();
        while (true)
        {
            if (_position == _count)
            {
                _count = reader.Read(_buffer, 0, _buffer.Length);
                _position = 0;
                if (_count == 0)
                {
                    return _started ? Finish() : null;
                }
            }

            if (Scan())
            {
                return Finish();
            }
        }
    }

    public async ValueTask<BoundedLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        Start();
        while (true)
        {
            if (_position == _count)
            {
                _count = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                _position = 0;
                if (_count == 0)
                {
                    return _started ? Finish() : null;
                }
            }

            if (Scan())
            {
                return Finish();
            }
        }
    }

    private void Start()
    {
        _line.Clear();
        _length = 0;
        _last = '\0';
        _started = false;
    }

    // Takes the buffer up to the next '\n'; true when the line ended there.
    private bool Scan()
    {
        _started = true;
        var newline = Array.IndexOf(_buffer, '\n', _position, _count - _position);
        var end = newline < 0 ? _count : newline;
        var taken = end - _position;

        // One character past the bound is kept so that a line of exactly max characters plus '\r' is still whole.
        var room = Math.Max(0, max + 1 - _line.Length);
        _line.Append(_buffer, _position, Math.Min(taken, room));
        _length += taken;
        if (taken > 0)
        {
            _last = _buffer[end - 1];
        }

        _position = newline < 0 ? _count : newline + 1;
        return newline >= 0;
    }

    private BoundedLine Finish()
    {
        if (_length > 0 && _last == '\r')
        {
            _length--;
            if (_line.Length > _length)
            {
                _line.Length = (int)_length;
            }
        }

        return _length > max ? new BoundedLine(null, _length) : new BoundedLine(_line.ToString(), _length);
    }
}
