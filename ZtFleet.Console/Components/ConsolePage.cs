using Grpc.Core;
using Microsoft.AspNetCore.Components;
using ZtFleet.WebConsole.Api;

namespace ZtFleet.WebConsole.Components;

/// <summary>
/// What every page shares: the API as the signed-in user, a refusal shown as a message (the API decides what each
/// user may see), and a token that ends the page's calls and streams when the user leaves it.
/// </summary>
public abstract class ConsolePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _gone;
    private readonly CancellationToken _goneToken;

    /// <summary>A page with its own cancellation.</summary>
    protected ConsolePage()
    {
        _gone = new CancellationTokenSource();
        _goneToken = _gone.Token;
    }

    /// <summary>The API as the signed-in user.</summary>
    [Inject]
    protected ApiSession Api { get; set; } = default!;

    /// <summary>The last refusal or failure, shown at the top of the page; null when the last call succeeded.</summary>
    protected string? Error { get; set; }

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken Gone => _goneToken;

    /// <summary>Runs API calls with the user's token; a refusal becomes <see cref="Error"/>. True when it succeeded.</summary>
    protected async Task<bool> TryAsync(Func<CallOptions, Task> action)
    {
        try
        {
            await action(await Api.CallAsync(Gone));
            Error = null;
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode != StatusCode.Cancelled || !Gone.IsCancellationRequested)
        {
            Error = Describe(ex);
            return false;
        }
    }

    /// <summary>A refusal as a person reads it.</summary>
    public static string Describe(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Unauthenticated => "Your sign-in has ended or was not accepted by the API: sign out and sign in again.",
        StatusCode.PermissionDenied => $"Not allowed: {ex.Status.Detail}",
        StatusCode.NotFound => $"Not found (or not yours to see): {ex.Status.Detail}",
        StatusCode.FailedPrecondition => $"Not possible now: {ex.Status.Detail}",
        StatusCode.InvalidArgument => $"Refused: {ex.Status.Detail}",
        StatusCode.Unavailable => $"The API is not reachable: {ex.Status.Detail}",
        _ => $"{ex.StatusCode}: {ex.Status.Detail}",
    };

    /// <summary>A time as shown everywhere: UTC, to the second.</summary>
    public static string At(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "—" : at.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A protobuf enum value without its prefix, in lower case: <c>OPERATION_PROGRAM</c> → <c>program</c>.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.RegularExpressions.Regex.Replace(value.ToString(), "(?<=[a-z0-9])([A-Z])", "-$1").ToLowerInvariant();

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Ends the page's calls and streams.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gone.Cancel();
            _gone.Dispose();
        }
    }
}
