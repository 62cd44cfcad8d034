namespace ZtFleet.Grains.Quarantine;

/// <summary>Why a quarantine step was refused; the API maps each to its status code.</summary>
public enum QuarantineRefusal
{
    Unspecified = 0,

    /// <summary>The request is invalid (field violations): INVALID_ARGUMENT.</summary>
    Invalid = 1,

    /// <summary>The plant, asset or quarantine does not exist: NOT_FOUND.</summary>
    NotFound = 2,

    /// <summary>The workflow does not allow the step now (state, self-approval, one quarantine per asset): FAILED_PRECONDITION.</summary>
    FailedPrecondition = 3,
}
