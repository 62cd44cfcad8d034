using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;
using Domain = ZtFleet.Policy.Audit;

namespace ZtFleet.Tests.Api.Audit;

/// <summary>
/// Checkpoints signed with an Ed25519 key that <c>openssl genpkey -algorithm ed25519</c> made: the API lists them as
/// <c>ed25519</c>, <c>openssl pkeyutl -verify -rawin</c> verifies an exported one (and refuses a changed payload), and
/// the documented script verifies the export.
/// </summary>
public sealed class AuditEd25519Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("ztfleet-audit-ed25519-").FullName;
    private readonly string _keyPath;
    private readonly string? _openssl = HostPrerequisite.FindProgram("openssl");
    private readonly ApiServer _server;

    public AuditEd25519Tests()
    {
        _keyPath = Path.Combine(_folder, "signing.pem");
        var path = _keyPath;
        _server = new ApiServer
        {
            ConfigureSilo = silo => silo.Services.Configure<AuditCheckpointOptions>(o => o.SigningKey = path),
        };
    }

    private AuditService.AuditServiceClient Audit => new(_server.Channel);

    public async Task InitializeAsync()
    {
        if (_openssl is not null)
        {
            var made = await RunAsync(_openssl, "genpkey", "-algorithm", "ed25519", "-out", _keyPath);
            Assert.True(made.Exit == 0, made.Output);
        }
        else
        {
            using var key = Domain.AuditCheckpointKey.NewEd25519();
            await File.WriteAllTextAsync(_keyPath, key.ExportPrivateKeyPem());
        }

        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [SkippableFact]
    public async Task An_ed25519_checkpoint_verifies_with_openssl_pkeyutl_and_the_documented_script()
    {
        HostPrerequisite.Require(_openssl is null ? "openssl is not installed (apt-get install openssl)" : null);
        var python = HostPrerequisite.FindProgram("python3");
        HostPrerequisite.Require(python is null ? "python3 is not installed" : null);
        var cluster = _server.ApiServices.GetRequiredService<IClusterClient>();
        var grain = cluster.GetGrain<IAuditGrain>("lyon");
        await grain.AppendBatchAsync(Enumerable.Range(1, 5)
            .Select(i => new Domain.AuditEntry("lyon", At.AddSeconds(i), "alice (plant-admin)", "test.step", $"asset-{i}", "done", $$"""{"n":{{i}}}"""))
            .ToList());
        await grain.CheckpointAsync();

        var listed = await Audit.ListAuditCheckpointsAsync(new ListAuditCheckpointsRequest { Scope = "lyon" }, _server.As(Role.Auditor));
        var export = await Audit.ExportAuditCheckpointsAsync(new ExportAuditCheckpointsRequest { Scope = "lyon", IncludeRecords = true }, _server.As(Role.Auditor));
        using var document = JsonDocument.Parse(export.Document);
        var checkpoint = document.RootElement.GetProperty("checkpoints")[0];
        var payload = Path.Combine(_folder, "payload.txt");
        var signature = Path.Combine(_folder, "sig.bin");
        var publicKey = Path.Combine(_folder, "pub.pem");
        await File.WriteAllBytesAsync(payload, Encoding.UTF8.GetBytes(checkpoint.GetProperty("payload").GetString()!));
        await File.WriteAllBytesAsync(signature, Convert.FromBase64String(checkpoint.GetProperty("signature").GetString()!));
        var derived = await RunAsync(_openssl!, "pkey", "-in", _keyPath, "-pubout", "-out", publicKey);

        var verified = await RunAsync(_openssl!, "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in", payload, "-sigfile", signature);
        await File.WriteAllTextAsync(payload, checkpoint.GetProperty("payload").GetString()!.Replace("\n5\n", "\n4\n", StringComparison.Ordinal));
        var changed = await RunAsync(_openssl!, "pkeyutl", "-verify", "-pubin", "-inkey", publicKey, "-rawin", "-in", payload, "-sigfile", signature);
        var copy = Path.Combine(_folder, "export.json");
        await File.WriteAllTextAsync(copy, export.Document);
        var script = await RunAsync(python!, Path.Combine(AppContext.BaseDirectory, "audit-verify.py"), copy, publicKey);

        Assert.True(derived.Exit == 0, derived.Output);
        Assert.Equal((Domain.AuditCheckpoints.Ed25519, Domain.AuditCheckpoints.Ed25519), (listed.Algorithm, checkpoint.GetProperty("algorithm").GetString()));
        Assert.Equal((await File.ReadAllTextAsync(publicKey)).Trim(), listed.PublicKeyPem.Trim());
        Assert.Equal((0, "Signature Verified Successfully"), (verified.Exit, verified.Output.Trim()));
        Assert.NotEqual(0, changed.Exit);
        Assert.True(script.Exit == 0, script.Output);
        Assert.Contains("checkpoint 5: signature verified", script.Output, StringComparison.Ordinal);
        Assert.Contains("intact: records 1 to 5", script.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
