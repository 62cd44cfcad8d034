using Google.Rpc;
using Grpc.Core;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Hosting;

/// <summary>
/// Prints a gRPC error as a person reads it (the status, its message, each field violation, the reason and retry
/// delay from the rich status details) and gives its exit code.
/// </summary>
internal static class RpcErrors
{
    public static int Report(RpcException error, TextWriter writer)
    {
        var status = error.GetRpcStatus();
        var message = status?.Message is { Length: > 0 } m ? m : error.Status.Detail;
        writer.WriteLine(Table.Printable($"error: {Describe(error.StatusCode)}{(message.Length > 0 ? ": " + message : "")}"));
        if (status is not null)
        {
            if (status.GetDetail<BadRequest>() is { } bad)
            {
                foreach (var violation in bad.FieldViolations)
                {
                    writer.WriteLine(Table.Printable($"  {(violation.Field.Length > 0 ? violation.Field : "(request)")}: {violation.Description}"));
                }
            }

            if (status.GetDetail<ErrorInfo>() is { } info && info.Reason is { Length: > 0 } reason && reason != "Unspecified")
            {
                var metadata = info.Metadata.Count == 0 ? "" : " (" + string.Join(", ", info.Metadata.Select(p => $"{p.Key}={p.Value}")) + ")";
                writer.WriteLine(Table.Printable($"  reason: {reason}{metadata}"));
            }

            if (status.GetDetail<RetryInfo>() is { RetryDelay: { } delay })
            {
                writer.WriteLine($"  retry after {delay.ToTimeSpan().TotalSeconds:0.#} s");
            }
        }

        if (error.StatusCode == StatusCode.Unauthenticated)
        {
            writer.WriteLine("  log in again: ztfleet login");
        }

        return ExitCode(error.StatusCode);
    }

    public static int ExitCode(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Ok,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.Unauthenticated,
        StatusCode.NotFound => ExitCodes.NotFound,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unavailable,
        StatusCode.Cancelled => ExitCodes.Interrupted,
        StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss or StatusCode.Unimplemented => ExitCodes.ServerError,
        _ => ExitCodes.Refused,
    };

    private static string Describe(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => "invalid request",
        StatusCode.FailedPrecondition => "refused",
        StatusCode.Aborted => "conflict",
        StatusCode.AlreadyExists => "already exists",
        StatusCode.ResourceExhausted => "limit exceeded",
        StatusCode.OutOfRange => "out of range",
        StatusCode.Unauthenticated => "not authenticated",
        StatusCode.PermissionDenied => "permission denied",
        StatusCode.NotFound => "not found",
        StatusCode.Unavailable => "server unavailable",
        StatusCode.DeadlineExceeded => "no answer in time",
        StatusCode.Cancelled => "cancelled",
        _ => $"server error ({code})",
    };
}
