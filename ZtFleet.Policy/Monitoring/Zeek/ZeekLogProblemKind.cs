namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>Why a line of a Zeek log gave no record.</summary>
public enum ZeekLogProblemKind
{
    Unspecified = 0,

    /// <summary>The line is longer than <see cref="ZeekLogReader.MaxLineCharacters"/>; it was skipped unread.</summary>
    LineTooLong = 1,

    /// <summary>The line is not JSON (or a TSV row does not match its <c>#fields</c> header).</summary>
    Malformed = 2,

    /// <summary>The line is JSON but not an object.</summary>
    NotAnObject = 3,

    /// <summary>Neither the caller nor the line (<c>_path</c>, <c>#path</c>) says which log it is.</summary>
    UnknownLog = 4,

    /// <summary>The line's <c>_path</c> names another log than the caller asked for, or a log ZtFleet does not read.</summary>
    WrongLog = 5,

    /// <summary>A field every line of the log has (<c>ts</c>, <c>uid</c>, <c>id.*</c>, <c>proto</c>) is missing.</summary>
    MissingField = 6,

    /// <summary>A field has the wrong type or an impossible value (an address that is not one, a port above 65535).</summary>
    InvalidField = 7,
}
