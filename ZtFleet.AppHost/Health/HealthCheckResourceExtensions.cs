using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ZtFleet.AppHost.Health;

internal static class HealthCheckResourceExtensions
{
    /// <summary>Healthy when the endpoint's port accepts TCP connections on 127.0.0.1.</summary>
    public static IResourceBuilder<T> WithTcpHealthCheck<T>(this IResourceBuilder<T> builder, string endpointName)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.GetEndpoint(endpointName);
        return builder.WithCheck($"{builder.Resource.Name}-{endpointName}-tcp", () => new TcpPortHealthCheck(() => endpoint.Port));
    }

    /// <summary>Healthy when the endpoint's gRPC health service answers SERVING for the whole server.</summary>
    public static IResourceBuilder<T> WithGrpcHealthCheck<T>(this IResourceBuilder<T> builder, string endpointName)
        where T : IResourceWithEndpoints
    {
        var endpoint = builder.GetEndpoint(endpointName);
        return builder.WithCheck($"{builder.Resource.Name}-{endpointName}-grpc-health", () => new GrpcHealthCheck(() => new Uri(endpoint.Url)));
    }

    private static IResourceBuilder<T> WithCheck<T>(this IResourceBuilder<T> builder, string key, Func<IHealthCheck> create)
        where T : IResource
    {
        builder.ApplicationBuilder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(key, _ => create(), failureStatus: default, tags: default));
        return builder.WithHealthCheck(key);
    }
}
