using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Security;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>
/// The API started as production runs it (environment Production): it needs a real signing key, says why it does not
/// start without one, and serves no reflection.
/// </summary>
public sealed class ProductionApiTests
{
    /// <summary>A random key, as <c>base64:$(openssl rand -base64 32)</c> makes one.</summary>
    private const string GoodKey = "base64:mG/WTbEpI4iwKjLXcuJIGhiqbsL9YHiuj+CIiqBq/I8=";

    private static readonly Method<byte[], byte[]> ReflectionInfo = new(
        MethodType.DuplexStreaming,
        "grpc.reflection.v1alpha.ServerReflection",
        "ServerReflectionInfo",
        Marshallers.Create(b => b, b => b),
        Marshallers.Create(b => b, b => b));

    public static TheoryData<string?, string> RefusedKeys => new()
    {
        { null, "No signing key" },
        { SigningKey.Development, "well-known development key" },
        { "short-key-of-20bytes", "20 bytes" },
        { new string('x', 48), "not random enough" },
    };

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task A_production_api_does_not_start_without_a_real_signing_key_and_says_why(string? key, string reason)
    {
        await using var server = new ApiServer { EnvironmentName = "Production", ApiSigningKey = key };

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(server.InitializeAsync);

        var message = string.Join(" ", refused.Failures);
        Assert.Contains("ZtFleet:Auth:SigningKey (Production environment)", message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_production_api_with_a_good_key_serves_health_but_not_reflection()
    {
        await using var production = new ApiServer { EnvironmentName = "Production", ApiSigningKey = GoodKey };
        await production.InitializeAsync();
        var health = await new Health.HealthClient(production.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

        var refused = await Assert.ThrowsAsync<RpcException>(() => AskReflectionAsync(production));
        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);

        // The same question to a Development API is answered: the probe itself is sound.
        await using var development = new ApiServer();
        await development.InitializeAsync();
        Assert.NotEmpty(await AskReflectionAsync(development));
    }

    /// <summary>Asks for the list of services (field 7, list_services = "") and returns the first answer's bytes.</summary>
    private static async Task<byte[]> AskReflectionAsync(ApiServer server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var call = server.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(ReflectionInfo, null, new CallOptions(cancellationToken: timeout.Token));
        await call.RequestStream.WriteAsync([0x3a, 0x00]);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "no reflection answer");
        return call.ResponseStream.Current;
    }
}
