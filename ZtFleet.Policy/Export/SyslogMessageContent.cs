namespace ZtFleet.Policy.Export;

/// <summary>What the MSG part of an RFC 5424 message carries.</summary>
public enum SyslogMessageContent
{
    /// <summary>The record's OCSF JSON (<see cref="OcsfFormat"/>): everything, machine-readable. The default.</summary>
    Ocsf = 0,

    /// <summary>One English sentence (<see cref="ExportSentence"/>), for people reading the receiver's files.</summary>
    Sentence = 1,
}
