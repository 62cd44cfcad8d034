using Aspire.Hosting.ApplicationModel;
using ZtFleet.AppHost.Health;

namespace ZtFleet.AppHost.Cluster;

/// <summary>
/// Orleans settings as the silo and the API read them (<c>Orleans:*</c>), set as plain environment variables: the
/// silo configures its providers itself from <c>ConnectionStrings:pg</c>, so Aspire.Hosting.Orleans is not needed.
/// </summary>
internal static class OrleansResourceExtensions
{
    public const string SiloEndpointName = "orleans-silo";
    public const string GatewayEndpointName = "orleans-gateway";

    /// <summary>Joins the process to the cluster identified by <see cref="LocalClusterOptions.ClusterId"/> and ServiceId.</summary>
    public static IResourceBuilder<ProjectResource> WithOrleansCluster(
        this IResourceBuilder<ProjectResource> builder, LocalClusterOptions cluster) =>
        builder
            .WithEnvironment("Orleans__ClusterId", cluster.ClusterId)
            .WithEnvironment("Orleans__ServiceId", cluster.ServiceId);

    /// <summary>
    /// Gives silo <paramref name="ordinal"/> (from 1) its own silo and gateway ports, advertised on 127.0.0.1 (under
    /// Aspire a silo would otherwise advertise the machine's external address), healthy once it is an active cluster
    /// member: its HTTP <c>/health</c> on the endpoint <paramref name="httpEndpoint"/> (mapped in Development).
    /// </summary>
    /// <remarks>
    /// Not a TCP probe of the gateway port: the Orleans gateway logs every connection that closes without its
    /// handshake as an error (<c>ConnectionAbortedException</c>), which marked the silo red on the dashboard every
    /// 30 seconds. Outside Development the silo maps no <c>/health</c>, and the gateway port probe is the fallback.
    /// </remarks>
    public static IResourceBuilder<ProjectResource> WithSiloEndpoints(
        this IResourceBuilder<ProjectResource> builder, LocalClusterOptions cluster, int ordinal, string httpEndpoint, bool healthEndpoint)
    {
        var siloPort = cluster.FirstSiloPort + ordinal - 1;
        var gatewayPort = cluster.FirstGatewayPort + ordinal - 1;
        return builder
            .WithEndpoint(port: siloPort, targetPort: siloPort, scheme: "tcp", name: SiloEndpointName,
                env: "Orleans__Endpoints__SiloPort", isProxied: false)
            .WithEndpoint(port: gatewayPort, targetPort: gatewayPort, scheme: "tcp", name: GatewayEndpointName,
                env: "Orleans__Endpoints__GatewayPort", isProxied: false)
            .WithEnvironment("Orleans__Endpoints__AdvertisedIPAddress", "127.0.0.1")
            .WithSiloHealthCheck(httpEndpoint, healthEndpoint);
    }

    private static IResourceBuilder<ProjectResource> WithSiloHealthCheck(
        this IResourceBuilder<ProjectResource> builder, string httpEndpoint, bool healthEndpoint)
    {
        return healthEndpoint
            ? builder.WithHttpHealthCheck("/health", endpointName: httpEndpoint)
            : builder.WithTcpHealthCheck(GatewayEndpointName);
    }
}
