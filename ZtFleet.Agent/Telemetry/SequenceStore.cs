using System.Globalization;
using ZtFleet.Agent.State;

namespace ZtFleet.Agent.Telemetry;

/// <summary>
/// The last batch sequence number the sender used, in <c>telemetry-sequence</c> in the state directory, so a restarted
/// agent continues after it: the API counts a batch at or below the highest sequence it acknowledged as a duplicate,
/// so reusing a number would lose the batch.
/// </summary>
public sealed class SequenceStore(StateDirectory directory)
{
    /// <summary>The file name.</summary>
    public const string FileName = "telemetry-sequence";

    /// <summary>The last sequence used, 0 when none (or the file is unreadable: the first ack then says where to go on).</summary>
    public ulong Load()
    {
        var text = directory.Read(FileName);
        return text is not null && ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }

    /// <summary>Records <paramref name="sequence"/> as used (written before the batch is sent).</summary>
    public void Save(ulong sequence) => directory.Write(FileName, sequence.ToString(CultureInfo.InvariantCulture) + "\n");
}
