using System.Net;
using Microsoft.Extensions.Configuration;
using ZtFleet.Silo.Hosting;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>Which database (if any) a silo uses, and how it is told, as an AppHost or an operator sets it.</summary>
public sealed class ZtFleetSiloOptionsTests
{
    [Fact]
    public void Without_a_connection_string_the_silo_runs_in_memory_with_the_development_defaults()
    {
        var options = ZtFleetSiloOptions.FromConfiguration(Configuration());

        Assert.True(options.IsInMemory);
        Assert.Equal("ztfleet-dev", options.ClusterId);
        Assert.Equal("ztfleet", options.ServiceId);
        Assert.Equal(11111, options.SiloPort);
        Assert.Equal(30000, options.GatewayPort);
        Assert.Null(options.AdvertisedIPAddress);
    }

    [Fact]
    public void The_aspire_connection_string_wins_over_the_fallback_key()
    {
        var options = ZtFleetSiloOptions.FromConfiguration(Configuration(
            ("ConnectionStrings:pg", "Host=db;Database=aspire"),
            ("ZtFleet:Database:ConnectionString", "Host=db;Database=fallback")));

        Assert.False(options.IsInMemory);
        Assert.Equal("Host=db;Database=aspire", options.ConnectionString);
        Assert.Equal(
            "Host=db;Database=fallback",
            ZtFleetSiloOptions.FromConfiguration(Configuration(
                ("ZtFleet:Database:ConnectionString", "Host=db;Database=fallback"))).ConnectionString);
    }

    [Fact]
    public void Cluster_identity_and_endpoints_come_from_the_orleans_section()
    {
        var options = ZtFleetSiloOptions.FromConfiguration(Configuration(
            ("Orleans:ClusterId", "plant-dmz"),
            ("Orleans:ServiceId", "ztfleet-prod"),
            ("Orleans:Endpoints:SiloPort", "11112"),
            ("Orleans:Endpoints:GatewayPort", "30001"),
            ("Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1")));

        Assert.Equal("plant-dmz", options.ClusterId);
        Assert.Equal("ztfleet-prod", options.ServiceId);
        Assert.Equal(11112, options.SiloPort);
        Assert.Equal(30001, options.GatewayPort);
        Assert.Equal(IPAddress.Loopback, options.AdvertisedIPAddress);
    }

    [Theory]
    [InlineData("Orleans:Endpoints:SiloPort", "eleven")]
    [InlineData("Orleans:Endpoints:SiloPort", "70000")]
    [InlineData("Orleans:Endpoints:GatewayPort", "11111")]
    [InlineData("Orleans:Endpoints:AdvertisedIPAddress", "silo-a")]
    public void A_bad_value_is_refused_at_start_naming_its_key(string key, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(
            () => ZtFleetSiloOptions.FromConfiguration(Configuration((key, value))));

        Assert.Contains(key.Split(':')[^1], refused.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value)))
            .Build();
}
