using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Refusals;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;

namespace ZtFleet.Api.Limits;

/// <summary>
/// At most <see cref="MaxStreamsPerCredential"/> server streams (<c>Watch</c>) open at once per authenticated
/// principal; one more is refused with <see cref="LimitExceededException"/> (RESOURCE_EXHAUSTED) instead of holding
/// a task, a plant view cursor and an HTTP/2 stream for each of thousands, so one stolen or looping credential
/// cannot starve the others.
/// </summary>
/// <remarks>
/// Registered after <see cref="AuthInterceptor"/> (it needs the caller) and as a singleton (it keeps the counts).
/// An enforcement point watches its plant once; the margin covers a reconnect that overlaps the stream it replaces
/// until the server notices the old one is gone. Health and reflection streams carry no credential: they are counted
/// per peer IP address instead (<see cref="MaxOpenStreamsPerPeer"/>), so nobody can hold thousands of health watches.
/// </remarks>
public sealed class StreamLimitInterceptor : Interceptor
{
    /// <summary>How many server streams one principal (role and subject) may hold open at once.</summary>
    public const int MaxStreamsPerCredential = 8;

    /// <summary>
    /// How many credential-less streams (<c>grpc.health.v1.Health/Watch</c>) one peer IP address may hold open at once:
    /// an orchestrator and a few monitors watch health, not hundreds.
    /// </summary>
    public const int MaxOpenStreamsPerPeer = 16;

    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>The streams open now for a principal (<c>role:subject</c>), for tests and diagnostics.</summary>
    internal int OpenStreams(Role role, string subject) => _open.TryGetValue(Key(role, subject), out var count) ? count : 0;

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var key = Enter(context);
        try
        {
            await continuation(request, responseStream, context);
        }
        finally
        {
            Leave(key);
        }
    }

    /// <summary>A bidirectional stream (<c>TelemetryService/Ingest</c>) counts as one open stream of its caller, as a watch does.</summary>
    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var key = Enter(context);
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        finally
        {
            Leave(key);
        }
    }

    /// <summary>Counts the stream in; throws when its caller (or peer) already holds the most it may.</summary>
    private string Enter(ServerCallContext context)
    {
        string key;
        int limit;
        string who;
        if (context.Method.StartsWith("/grpc.", StringComparison.Ordinal))
        {
            var address = PeerAddress.Of(context);
            (key, limit, who) = ($"peer:{address}", MaxOpenStreamsPerPeer, $"The address {address}, without a credential,");
        }
        else
        {
            var caller = AuthInterceptor.CallerOf(context);
            (key, limit, who) = (Key(caller.Role, caller.Subject), MaxStreamsPerCredential, caller.ToString());
        }

        if (_open.AddOrUpdate(key, 1, (_, count) => count + 1) > limit)
        {
            Leave(key);
            throw new LimitExceededException(
                $"{who} already holds {limit} open streams, the most it may hold; close one first.")
            {
                RetryAfter = TimeSpan.FromSeconds(5),
            };
        }

        return key;
    }

    private static string Key(Role role, string subject) => $"{RoleNames.Format(role)}:{subject}";

    private void Leave(string key)
    {
        if (_open.AddOrUpdate(key, 0, (_, count) => count - 1) <= 0)
        {
            // Forget idle principals (a concurrent enter re-adds the key), so the table stays as small as the streams.
            _open.TryRemove(new KeyValuePair<string, int>(key, 0));
        }
    }
}
