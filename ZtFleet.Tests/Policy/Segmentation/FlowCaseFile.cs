using System.Runtime.CompilerServices;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using ZtFleet.Tests.Policy.Access;

namespace ZtFleet.Tests.Policy.Segmentation;

/// <summary>
/// A file of flow cases (<c>Cases/*.yaml</c>): a fleet document and the flow decisions expected in one of its plants.
/// The format is described at the top of each file.
/// </summary>
public sealed class FlowCaseFile
{
    public string Plant { get; set; } = string.Empty;

    public string Fleet { get; set; } = string.Empty;

    public List<CaseEntry> Cases { get; set; } = [];

    /// <summary>The time the cases are decided at unless a case says otherwise (ISO 8601); default 2026-03-10T09:00:00Z.</summary>
    public string? At { get; set; }

    /// <summary>Assets in quarantine while the cases are decided.</summary>
    public List<QuarantineEntry> Quarantines { get; set; } = [];

    /// <summary>The runtime state of the document's identities (grants, locks ...), as decision case files write it.</summary>
    public List<DecisionCaseFile.StateEntry> State { get; set; } = [];

    /// <summary>Reads a case file from <c>Cases/</c> next to this source file.</summary>
    public static FlowCaseFile Load(string name)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return deserializer.Deserialize<FlowCaseFile>(File.ReadAllText(PathOf(name)));
    }

    /// <summary>The plant the cases decide on, validated like any applied document.</summary>
    public PlantSpec PlantSpec()
    {
        var result = FleetDocumentReader.Read(Fleet);
        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        return result.Document!.Plants.Single(p => p.Id == PlantId.Parse(Plant));
    }

    /// <summary>
    /// The model the cases decide on: the plant with its identities as the document assigns them, the file's state
    /// (grants ...) and quarantines.
    /// </summary>
    public FlowModel Model() => FlowModel.Create(Snapshot([.. Quarantines.Select(q => q.ToQuarantine())]));

    /// <summary>The plant's snapshot (or that of <paramref name="plant"/> in its place) with the file's state and the given quarantines.</summary>
    public PlantSnapshot Snapshot(IReadOnlyList<AssetQuarantine> quarantines, PlantSpec? plant = null)
    {
        var result = FleetDocumentReader.Read(Fleet);
        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        var fleet = result.Document!;
        var id = PlantId.Parse(Plant);
        var identities = fleet.Identities
            .Select(i => IdentityAtPlant.From(i, id))
            .OfType<IdentityAtPlant>()
            .Select(i => DecisionCaseFile.Apply(i, id, State.FirstOrDefault(s => s.Identity == i.Id.Value)));
        return PlantSnapshot.Create(plant ?? fleet.Plants.Single(p => p.Id == id), fleet.DefinedRoles, fleet.EffectivePolicy, identities, 1, quarantines);
    }

    /// <summary>When a case is decided: its own time, else the file's.</summary>
    public DateTimeOffset TimeOf(CaseEntry entry) =>
        DateTimeOffset.Parse(entry.At ?? At ?? "2026-03-10T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static string PathOf(string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source), Path.Combine(AppContext.BaseDirectory, "Policy", "Segmentation") })
        {
            var candidate = Path.Combine(start ?? string.Empty, "Cases", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"flow case file {name} not found next to {source} or in the test output");
    }

    public sealed class CaseEntry
    {
        public string Name { get; set; } = string.Empty;

        public string? From { get; set; }

        public string? FromAddress { get; set; }

        public string? To { get; set; }

        public string? ToAddress { get; set; }

        public string Protocol { get; set; } = string.Empty;

        public int? Port { get; set; }

        public string? Operation { get; set; }

        public string? Identity { get; set; }

        public string Expect { get; set; } = string.Empty;

        public string? Reason { get; set; }

        public string? Rule { get; set; }

        public string? At { get; set; }

        /// <summary>The request this case describes.</summary>
        public FlowRequest Request()
        {
            var protocol = Protocol == "unspecified" ? ZtFleet.Policy.Inventory.Protocol.Unspecified
                : InventoryVocabulary.TryParse<Protocol>(Protocol, out var p) ? p
                : throw new FormatException($"unknown protocol '{Protocol}'");
            return new FlowRequest(
                Endpoint(From, FromAddress),
                Endpoint(To, ToAddress),
                protocol,
                Port ?? ProtocolOperations.DefaultPort(protocol),
                Operation,
                Identity is null ? null : IdentityId.Parse(Identity));
        }

        private static FlowEndpoint Endpoint(string? asset, string? address) =>
            asset is not null ? FlowEndpoint.OfAsset(AssetId.Parse(asset)) : FlowEndpoint.OfAddress(address ?? string.Empty);
    }

    public sealed class QuarantineEntry
    {
        public string Asset { get; set; } = string.Empty;

        public string Mode { get; set; } = string.Empty;

        public List<string> AccessFrom { get; set; } = [];

        public AssetQuarantine ToQuarantine() =>
            new(
                AssetId.Parse(Asset),
                Mode == "isolate" ? QuarantineMode.Isolate : QuarantineMode.RestrictWrites,
                [.. AccessFrom.Select(AssetId.Parse)],
                $"q-{Asset}",
                DateTimeOffset.UnixEpoch,
                "case file");
    }
}
