namespace ZtFleet.Policy.Compliance;

/// <summary>The seven foundational requirements (FR) of IEC 62443-3-3; a security level is stated per FR.</summary>
public enum FoundationalRequirement
{
    /// <summary>FR 1, identification and authentication control (IAC).</summary>
    IdentificationAndAuthentication = 1,

    /// <summary>FR 2, use control (UC).</summary>
    UseControl = 2,

    /// <summary>FR 3, system integrity (SI).</summary>
    SystemIntegrity = 3,

    /// <summary>FR 4, data confidentiality (DC).</summary>
    DataConfidentiality = 4,

    /// <summary>FR 5, restricted data flow (RDF).</summary>
    RestrictedDataFlow = 5,

    /// <summary>FR 6, timely response to events (TRE).</summary>
    TimelyResponseToEvents = 6,

    /// <summary>FR 7, resource availability (RA).</summary>
    ResourceAvailability = 7,
}
