using Grpc.Core;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.Security;

namespace ZtFleet.Tests.Api.BadInput;

/// <summary>
/// Every public RPC, with an administrator's token and with an enforcement point's, fed requests no correct client
/// sends: each case names the statuses it allows, none of them INTERNAL or UNKNOWN, and after each the server still
/// answers on the same channel.
/// </summary>
[Collection(BadInputCollection.Name)]
public sealed class MessageBodyTests(BadInputServer fixture)
{
    /// <summary>Methods only a machine credential calls: an administrator is refused them whatever the request.</summary>
    private static readonly HashSet<string> MachineOnly = new(StringComparer.Ordinal)
    {
        CredentialScope.Enroll, CredentialScope.Ack, CredentialScope.Heartbeat, CredentialScope.Ingest,
    };

    public static TheoryData<string, string> Cases() => CasesOf(_ => true);

    /// <summary>The RPCs whose request has a string field to make huge (a request without text has nothing to grow).</summary>
    public static TheoryData<string, string> CasesWithText() => CasesOf(rpc => rpc.HasStringField);

    private static TheoryData<string, string> CasesOf(Func<PublicRpc, bool> which)
    {
        var data = new TheoryData<string, string>();
        foreach (var path in PublicRpc.All.Keys.Where(path => which(PublicRpc.All[path])).Order(StringComparer.Ordinal))
        {
            data.Add(path, "admin");
            data.Add(path, "point");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Unknown_fields_are_answered_as_without_them(string path, string credential)
    {
        var rpc = PublicRpc.All[path];
        foreach (var request in new[] { [], rpc.Sample() })
        {
            var plain = await fixture.CallAsync(rpc, request, fixture.Credential(credential));
            var extended = await fixture.CallAsync(rpc, PublicRpc.WithUnknownFields(request), fixture.Credential(credential));
            AssertNoFault(extended, path);
            if (extended.StatusCode != plain.StatusCode)
            {
                // The first call may have changed what the next one finds (a lock, an enrollment): compare again.
                var again = await fixture.CallAsync(rpc, request, fixture.Credential(credential));
                Assert.True(
                    extended.StatusCode == again.StatusCode,
                    $"{path} ({credential}) answered {extended.StatusCode} with unknown fields, {plain.StatusCode} then {again.StatusCode} without: {extended.Detail}");
            }
        }

        await fixture.AssertStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_empty_request_gets_a_clean_status(string path, string credential)
    {
        var rpc = PublicRpc.All[path];

        var status = await fixture.CallAsync(rpc, [], fixture.Credential(credential));

        AssertOneOf(status, Refused(path, credential) ?? [StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound], path, credential);
        await fixture.AssertStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_truncated_request_is_invalid_not_an_internal_error(string path, string credential)
    {
        var rpc = PublicRpc.All[path];
        var sample = rpc.Sample();

        // Cut inside the last field (or a lone tag whose value never comes, for a request without fields).
        byte[] truncated = sample.Length > 0 ? sample[..^1] : [0x0a];
        using var raw = new RawGrpc(fixture.Server.Port);
        var answer = await raw.PostAsync(path, RawGrpc.Frame(truncated), "application/grpc", fixture.Credential(credential));

        Assert.NotNull(answer.Grpc);
        AssertOneOf(new Status(answer.Grpc.Value, answer.Message ?? string.Empty), TruncatedAllowed(rpc, credential), path, credential);
        await fixture.AssertStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_frame_shorter_than_its_length_prefix_is_refused(string path, string credential)
    {
        var rpc = PublicRpc.All[path];
        var sample = rpc.Sample();
        using var raw = new RawGrpc(fixture.Server.Port);

        var answer = await raw.PostAsync(path, RawGrpc.Frame(sample, declaredLength: sample.Length + 100), "application/grpc", fixture.Credential(credential));

        Assert.NotNull(answer.Grpc);
        AssertOneOf(new Status(answer.Grpc.Value, answer.Message ?? string.Empty), TruncatedAllowed(rpc, credential), path, credential);
        await fixture.AssertStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(CasesWithText))]
    public async Task A_five_megabyte_field_is_refused_at_once_and_the_channel_stays_usable(string path, string credential)
    {
        var rpc = PublicRpc.All[path];
        var huge = rpc.Sample(huge: new string('a', 5 * 1024 * 1024));
        var started = DateTime.UtcNow;

        var status = await fixture.CallAsync(rpc, huge, fixture.Credential(credential), deadline: TimeSpan.FromSeconds(10));

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), $"{path} ({credential}) took {DateTime.UtcNow - started} to refuse a 5 MB field");
        // Lengths are checked before anything else, authorisation included: a field over its limit is refused whoever
        // calls. A document field may hold 5 MB (its limit is 8 MiB): then a credential that may not call the method
        // is refused for that.
        AssertOneOf(status, [StatusCode.InvalidArgument, StatusCode.ResourceExhausted, .. Refused(path, credential) ?? []], path, credential);
        await fixture.AssertStillServesAsync();
    }

    /// <summary>
    /// An undecodable request is INVALID_ARGUMENT, whoever calls: the body is decoded before the call is authorised
    /// (<see cref="ZtFleet.Api.Errors.UndecodableRequests"/>). A client stream's messages are decoded as the service
    /// reads them, after the call is authorised: a credential that may not call the method is refused for that first.
    /// </summary>
    private static StatusCode[] TruncatedAllowed(PublicRpc rpc, string credential) =>
        rpc.IsClientStreaming ? [StatusCode.InvalidArgument, .. Refused(rpc.Path, credential) ?? []] : [StatusCode.InvalidArgument];

    /// <summary>The only answer when the credential may not call the method at all; null when it may.</summary>
    private static StatusCode[]? Refused(string path, string credential) =>
        credential == "point" && !CredentialScope.Allows(Role.EnforcementPoint, path) ? [StatusCode.PermissionDenied]
        : credential == "admin" && MachineOnly.Contains(path) ? [StatusCode.PermissionDenied]
        : null;

    private static void AssertNoFault(Status status, string path) =>
        Assert.False(BadInputServer.ServerFaults.Contains(status.StatusCode), $"{path} answered {status.StatusCode}: {status.Detail}");

    private static void AssertOneOf(Status status, StatusCode[] allowed, string path, string credential)
    {
        AssertNoFault(status, path);
        Assert.True(allowed.Contains(status.StatusCode), $"{path} ({credential}) answered {status.StatusCode} ({status.Detail}); allowed: {string.Join(", ", allowed)}");
    }
}
