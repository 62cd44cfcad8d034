namespace ZtFleet.Policy.Access;

/// <summary>What an enforcement point must do along with a decision.</summary>
[Flags]
public enum Obligations
{
    None = 0,

    /// <summary>Denied until the user authenticates with MFA again (within <see cref="Decision.MfaMaxAgeMinutes"/>).</summary>
    StepUpMfa = 1,

    /// <summary>Record the session (break-glass, and remote sessions of contractors, vendors and grants).</summary>
    RecordSession = 2,

    /// <summary>End the session at <see cref="Decision.SessionEnd"/> (a shift, window or grant ends), even when it is idle.</summary>
    MaxSession = 4,
}
