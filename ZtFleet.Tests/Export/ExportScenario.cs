using Microsoft.Extensions.DependencyInjection;
using ZtFleet.Api.Export;
using ZtFleet.Grains.Export;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Export;

/// <summary>What the export tests share: an API on PostgreSQL exporting to given destinations, and numbered test records per plant.</summary>
internal static class ExportScenario
{
    public static readonly string[] Plants = ["berlin", "austin", "lyon"];

    /// <summary>An API server (PostgreSQL) whose exporter sends to <paramref name="destinations"/> (configuration keys under a destination), quickly.</summary>
    public static ApiServer Server(string connectionString, params Dictionary<string, string?>[] destinations) =>
        Server(connectionString, realFormats: false, destinations);

    /// <summary>As <see cref="Server(string, Dictionary{string, string?}[])"/>, with the product's formats when <paramref name="realFormats"/>.</summary>
    public static ApiServer Server(string connectionString, bool realFormats, params Dictionary<string, string?>[] destinations)
    {
        var configuration = new Dictionary<string, string?>
        {
            ["ZtFleet:Export:BatchSize"] = "200",
            ["ZtFleet:Export:PollInterval"] = "00:00:00.050",
            ["ZtFleet:Export:MinBackoff"] = "00:00:00.100",
            ["ZtFleet:Export:MaxBackoff"] = "00:00:00.500",
            ["ZtFleet:Export:StandbyRetry"] = "00:00:00.200",
        };
        for (var i = 0; i < destinations.Length; i++)
        {
            foreach (var (key, value) in destinations[i])
            {
                configuration[$"ZtFleet:Export:Destinations:{i}:{key}"] = value;
            }
        }

        return new ApiServer(connectionString)
        {
            ApiConfiguration = configuration,
            ConfigureApi = realFormats ? null : services => services.AddSingleton<IExportFormatter, LineFormatter>(),
        };
    }

    /// <summary>Appends records <paramref name="from"/>..<paramref name="to"/> of every plant (body <c>{tag}:{plant}:{n}</c>), interleaved, in batches.</summary>
    public static async Task AppendAsync(ApiServer server, string tag, int from, int to)
    {
        var outbox = server.SiloServices.GetRequiredService<IExportOutbox>();
        var batch = new List<ExportRecord>();
        for (var n = from; n <= to; n++)
        {
            foreach (var plant in Plants)
            {
                batch.Add(new ExportRecord(ExportKind.Detection, plant, DateTimeOffset.UtcNow, Severity.Medium, $"{tag}:{plant}:{n}"));
            }

            if (batch.Count >= 150)
            {
                await outbox.AppendAsync(batch);
                batch = [];
            }
        }

        await outbox.AppendAsync(batch);
    }

    /// <summary>
    /// Appends audit records 1..<paramref name="count"/> of every plant as the audit store would (built by the product's
    /// builders, so the product's formats can write them), interleaved; returns them with their positions.
    /// </summary>
    public static async Task<IReadOnlyList<ExportRecord>> AppendAuditAsync(ApiServer server, int count)
    {
        var records = new List<ExportRecord>();
        for (var n = 1; n <= count; n++)
        {
            foreach (var plant in Plants)
            {
                var entry = new ZtFleet.Policy.Audit.AuditEntry(plant, DateTimeOffset.UtcNow, "carol", "fleet.apply", $"fleet/{n}", "applied", "{}");
                records.Add(ExportRecords.From(new ZtFleet.Policy.Audit.AuditRecord(n, entry, new byte[32], new byte[32])));
            }
        }

        return await server.SiloServices.GetRequiredService<IExportOutbox>().AppendAsync(records);
    }

    /// <summary>The numbers received per plant for <paramref name="tag"/>, in arrival order (duplicates kept).</summary>
    public static Dictionary<string, List<int>> Received(IEnumerable<string> lines, string tag)
    {
        var received = Plants.ToDictionary(p => p, _ => new List<int>());
        foreach (var line in lines)
        {
            var at = line.IndexOf(tag + ":", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var parts = line[at..].Trim().TrimEnd('"', '}').Split(':');
            received[parts[1]].Add(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
        }

        return received;
    }

    /// <summary>Whether every number 1..<paramref name="count"/> of every plant arrived.</summary>
    public static bool Complete(IEnumerable<string> lines, string tag, int count) =>
        Received(lines, tag).Values.All(numbers => numbers.Distinct().Count() == count);

    /// <summary>
    /// Asserts at-least-once, in order per plant: every number arrived, and each plant's stream is a series of ascending
    /// runs where every run restarts at or before where the previous one reached (a re-send), never past a gap.
    /// Returns the duplicates.
    /// </summary>
    public static int AssertCompleteInOrder(IEnumerable<string> lines, string tag, int count)
    {
        var duplicates = 0;
        foreach (var (plant, numbers) in Received(lines, tag))
        {
            Assert.Equal(Enumerable.Range(1, count), numbers.Distinct().Order());
            var highest = 0;
            foreach (var n in numbers)
            {
                // Never a number beyond the next one: nothing was skipped and delivered later out of order.
                Assert.True(n <= highest + 1, $"{plant}: {n} arrived when only up to {highest} had (order broken)");
                if (n <= highest)
                {
                    duplicates++;
                }

                highest = Math.Max(highest, n);
            }
        }

        return duplicates;
    }
}
