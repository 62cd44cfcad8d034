namespace ZtFleet.Policy.Access;

/// <summary>Allow or deny. Anything but <see cref="Allow"/> (including <see cref="Unspecified"/>) denies.</summary>
public enum DecisionEffect
{
    Unspecified = 0,
    Allow = 1,
    Deny = 2,
}
