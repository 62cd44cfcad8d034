namespace ZtFleet.Policy.Access;

/// <summary>Classification of <see cref="Operation"/> values.</summary>
public static class OperationExtensions
{
    /// <summary>
    /// Whether the operation can change the process or open a way into it (write, program, configure, remote
    /// session). Roles should ask for fresh MFA on these; undefined values count as dangerous.
    /// </summary>
    public static bool IsDangerous(this Operation operation) =>
        operation is not (Operation.View or Operation.Operate);

    /// <summary>Whether <paramref name="operation"/> is one of the named operations (not Unspecified, not undefined).</summary>
    public static bool IsDefined(this Operation operation) =>
        operation is >= Operation.View and <= Operation.RemoteSession;
}
