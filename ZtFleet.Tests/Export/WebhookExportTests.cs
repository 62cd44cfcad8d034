using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Export;

/// <summary>The webhook transport against a local Kestrel HTTPS endpoint that refuses at first, then accepts.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class WebhookExportTests(PostgresServer postgres)
{
    [Fact]
    public async Task Batches_posted_over_https_arrive_complete_in_order_per_plant_after_the_receiver_refused_for_a_while()
    {
        var directory = Directory.CreateTempSubdirectory("ztfleet-webhook-");
        using var certificate = SelfSigned();
        var caFile = Path.Combine(directory.FullName, "ca.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem());

        var received = new List<(string? Plant, long Position)>();
        var refusals = 3;
        var receiver = WebApplication.CreateBuilder();
        receiver.Logging.ClearProviders();
        receiver.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        await using var hook = receiver.Build();
        hook.MapPost("/siem", async (HttpContext context) =>
        {
            if (Interlocked.Decrement(ref refusals) >= 0)
            {
                return Results.StatusCode(503);
            }

            using var batch = await JsonDocument.ParseAsync(context.Request.Body);
            lock (received)
            {
                foreach (var record in batch.RootElement.EnumerateArray())
                {
                    Assert.True(record.TryGetProperty("ocsf", out _));
                    received.Add((record.GetProperty("plant").GetString(), record.GetProperty("position").GetInt64()));
                }
            }

            return Results.Ok();
        });
        await hook.StartAsync();
        var url = hook.Urls.Single().Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/siem";

        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-webhook"), realFormats: true, new Dictionary<string, string?>
        {
            ["Name"] = "soar",
            ["Transport"] = "webhook",
            ["Format"] = "json",
            ["Url"] = url,
            ["Tls:CaFile"] = caFile,
            ["Timeout"] = "00:00:05",
        });
        await server.InitializeAsync();

        var appended = await ExportScenario.AppendAuditAsync(server, 300);

        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            lock (received)
            {
                if (appended.All(r => received.Contains((r.Plant, r.Position))))
                {
                    break;
                }
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), "the webhook did not receive every record");
            await Task.Delay(100);
        }

        lock (received)
        {
            foreach (var plant in ExportScenario.Plants)
            {
                var positions = received.Where(r => r.Plant == plant).Select(r => r.Position).ToList();
                Assert.Equal(positions.Order(), positions);
            }
        }

        var status = (await new ExportService.ExportServiceClient(server.Channel).GetExportStatusAsync(new GetExportStatusRequest(), server.As(Role.FleetAdmin))).Destinations.Single();
        Assert.Contains("503", status.LastError, StringComparison.Ordinal);
        Assert.Equal("webhook", status.Transport);
        directory.Delete(recursive: true);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
