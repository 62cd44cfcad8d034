using System.Globalization;
using System.Runtime.CompilerServices;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Access;

/// <summary>
/// A file of decision cases (<c>Cases/*.yaml</c>): a fleet document, the runtime state of its identities, and the
/// decisions expected. The format is described at the top of each file.
/// </summary>
public sealed class DecisionCaseFile
{
    public string Plant { get; set; } = string.Empty;

    public string Fleet { get; set; } = string.Empty;

    public List<StateEntry> State { get; set; } = [];

    public List<CaseEntry> Cases { get; set; } = [];

    /// <summary>Reads a case file from <c>Cases/</c> (found above this source file or in the test output).</summary>
    public static DecisionCaseFile Load(string name)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        return deserializer.Deserialize<DecisionCaseFile>(File.ReadAllText(PathOf(name)));
    }

    /// <summary>The snapshot the cases decide on: the document's plant with the state applied.</summary>
    public PlantSnapshot Snapshot(CaseOverrides? overrides = null, string? subject = null)
    {
        var result = FleetDocumentReader.Read(Fleet);
        Assert.True(result.IsValid, string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
        var fleet = result.Document!;
        var plant = PlantId.Parse(Plant);
        var identities = fleet.Identities
            .Select(i => IdentityAtPlant.From(i, plant))
            .OfType<IdentityAtPlant>()
            .Select(i => Apply(i, plant, State.FirstOrDefault(s => s.Identity == i.Id.Value)))
            .Select(i => i.Id.Value == subject && overrides is not null ? Override(i, overrides) : i);
        return PlantSnapshot.Create(fleet.Plants.Single(p => p.Id == plant), fleet.DefinedRoles, fleet.EffectivePolicy, identities, epoch: 7);
    }

    public static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    public static Operation OperationOf(string text) =>
        text == "unspecified" ? Operation.Unspecified
        : InventoryVocabulary.TryParse<Operation>(text, out var operation) ? operation
        : throw new FormatException($"unknown operation '{text}'");

    /// <summary>An identity with its runtime state from a case file (trust, lock, shift, MFA, grants).</summary>
    public static IdentityAtPlant Apply(IdentityAtPlant identity, PlantId plant, StateEntry? state) =>
        state is null
            ? identity
            : identity with
            {
                Locked = state.Locked,
                Trust = state.Trust ?? identity.Trust,
                Shift = state.Shift ?? identity.Shift,
                Mfa = state.Mfa is { } mfa ? new MfaState(Time(mfa.At), mfa.Method) : null,
                Grants = state.Grants.Select(g => new Grant(
                    g.Id,
                    identity.Id,
                    plant,
                    g.Operations.Select(OperationOf).ToList(),
                    g.Zones.Select(ZoneId.Parse).ToList(),
                    g.Assets.Select(AssetId.Parse).ToList(),
                    Time(g.NotBefore),
                    Time(g.NotAfter),
                    g.RequestId ?? $"req-{g.Id}")).ToList(),
            };

    private static IdentityAtPlant Override(IdentityAtPlant identity, CaseOverrides overrides) =>
        identity with
        {
            Trust = overrides.Trust ?? identity.Trust,
            Shift = overrides.Shift ?? identity.Shift,
            Mfa = overrides.MfaAt is { } at ? new MfaState(Time(at), identity.Mfa?.Method ?? "totp") : identity.Mfa,
        };

    private static string PathOf(string name, [CallerFilePath] string source = "")
    {
        // Above this source file first (a test run from the repository), then the test output, like the docs test.
        foreach (var start in new[] { Path.GetDirectoryName(source), Path.Combine(AppContext.BaseDirectory, "Policy", "Access") })
        {
            var candidate = Path.Combine(start ?? string.Empty, "Cases", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"decision case file {name} not found next to {source} or in the test output");
    }

    public sealed class StateEntry
    {
        public string Identity { get; set; } = string.Empty;

        public MfaEntry? Mfa { get; set; }

        public int? Trust { get; set; }

        public bool Locked { get; set; }

        public string? Shift { get; set; }

        public List<GrantEntry> Grants { get; set; } = [];
    }

    public sealed class MfaEntry
    {
        public string At { get; set; } = string.Empty;

        public string Method { get; set; } = string.Empty;
    }

    public sealed class GrantEntry
    {
        public string Id { get; set; } = string.Empty;

        public List<string> Operations { get; set; } = [];

        public List<string> Zones { get; set; } = [];

        public List<string> Assets { get; set; } = [];

        public string NotBefore { get; set; } = string.Empty;

        public string NotAfter { get; set; } = string.Empty;

        public string? RequestId { get; set; }
    }

    public sealed class CaseOverrides
    {
        public string? MfaAt { get; set; }

        public int? Trust { get; set; }

        public string? Shift { get; set; }
    }

    public sealed class CaseEntry
    {
        public string Name { get; set; } = string.Empty;

        public string At { get; set; } = string.Empty;

        public string Subject { get; set; } = string.Empty;

        public string? Asset { get; set; }

        public string? Zone { get; set; }

        public string Operation { get; set; } = string.Empty;

        public bool Emergency { get; set; }

        public CaseOverrides? Overrides { get; set; }

        public string Expect { get; set; } = string.Empty;

        public string? Reason { get; set; }

        public string? Rule { get; set; }

        public List<string> Obligations { get; set; } = [];

        public int? MfaMaxAgeMinutes { get; set; }

        public string? ValidUntil { get; set; }

        public string? SessionEnd { get; set; }
    }
}
