namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// What a detection is about. Stable kebab-case names (<c>function-code-outside-baseline</c>) are used in the API, filters and
/// SIEM exports. <see cref="Unspecified"/> is never a stored detection.
/// </summary>
public enum DetectionType
{
    Unspecified = 0,

    /// <summary>A function code (or S7/OPC UA operation) a pair has never used in its baseline.</summary>
    FunctionCodeOutsideBaseline = 1,

    /// <summary>A register or coil range outside what the pair's baseline has for that function code.</summary>
    AddressRangeOutsideBaseline = 2,

    /// <summary>A write or program attempt a protocol proxy refused.</summary>
    RefusedWrite = 3,

    /// <summary>An inventoried host talking to an asset it has never talked to.</summary>
    NewTalker = 4,

    /// <summary>An address that no asset of the plant has.</summary>
    UninventoriedHost = 5,

    /// <summary>A program or firmware change outside a maintenance window.</summary>
    ChangeOutsideMaintenance = 6,

    /// <summary>A persistent (polling) link has gone silent.</summary>
    LinkSilent = 7,

    /// <summary>A persistent link's polling period changed.</summary>
    PollingPeriodChanged = 8,

    /// <summary>A burst of failed MFA or authentication attempts of one identity.</summary>
    MfaFailureBurst = 9,

    /// <summary>An identity was locked out after repeated failures.</summary>
    Lockout = 10,

    /// <summary>Access attempts outside the identity's shift.</summary>
    OffShiftAccess = 11,

    /// <summary>A burst of dropped flows from one source.</summary>
    DeniedFlowBurst = 12,

    /// <summary>One source reaching many destinations or ports in a short time.</summary>
    Scanning = 13,
}
