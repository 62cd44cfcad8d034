namespace ZtFleet.Policy.Response.Incidents;

/// <summary>Where an incident stands.</summary>
public enum IncidentStatus
{
    /// <summary>Not a status.</summary>
    Unspecified = 0,

    /// <summary>Opened by correlation; nobody owns it yet.</summary>
    Open = 1,

    /// <summary>Someone owns it and is working on it.</summary>
    Investigating = 2,

    /// <summary>Closed by a person, with a reason; later parts open a new incident.</summary>
    Closed = 3,
}
