using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>Starts silos and clients on PostgreSQL with the product's own silo configuration.</summary>
internal static class PostgresSilos
{
    public const string ServiceId = "ztfleet-tests";

    /// <summary>Options for one silo of <paramref name="clusterId"/> on free loopback ports.</summary>
    public static ZtFleetSiloOptions Options(string connectionString, string clusterId)
    {
        var ports = FreePorts(2);
        return new ZtFleetSiloOptions
        {
            ConnectionString = connectionString,
            ClusterId = clusterId,
            ServiceId = ServiceId,
            SiloPort = ports[0],
            GatewayPort = ports[1],
            AdvertisedIPAddress = IPAddress.Loopback,
        };
    }

    public static async Task<IHost> StartSiloAsync(ZtFleetSiloOptions options)
    {
        var host = new HostBuilder().UseOrleans(silo => silo.UseZtFleet(options)).Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>An external client that finds the silos through the gateway list in PostgreSQL.</summary>
    public static async Task<IHost> StartClientAsync(string connectionString, string clusterId)
    {
        var host = new HostBuilder()
            .UseOrleansClient(client => client
                .UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = ZtFleetSiloBuilderExtensions.Invariant;
                    clustering.ConnectionString = connectionString;
                })
                .Configure<ClusterOptions>(cluster =>
                {
                    cluster.ClusterId = clusterId;
                    cluster.ServiceId = ServiceId;
                }))
            .Build();
        await host.StartAsync();
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    /// <summary>The membership rows of a cluster: (port, generation, status) in port and generation order.</summary>
    public static async Task<List<(int Port, int Generation, int Status)>> MembersAsync(
        string connectionString, string clusterId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT port, generation, status FROM orleans_silo WHERE deployment_id = @cluster ORDER BY port, generation",
            connection);
        command.Parameters.AddWithValue("cluster", clusterId);
        await using var reader = await command.ExecuteReaderAsync();
        var members = new List<(int, int, int)>();
        while (await reader.ReadAsync())
        {
            members.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
        }

        return members;
    }

    private static int[] FreePorts(int count)
    {
        // Hold every listener until all ports are known, so the same port is not handed out twice.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
