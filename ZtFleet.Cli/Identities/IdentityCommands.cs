using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using YamlDotNet.Serialization;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Identities;

/// <summary>
/// <c>ztfleet identities</c>: list and show, read from the fleet document the caller may see (ExportFleet's
/// <c>identities:</c> section), with an identity's trust from TrustService; lock and unlock are top-level commands.
/// </summary>
internal static class IdentityCommands
{
    public static Command Create()
    {
        var identities = new Command("identities", "People and service accounts of the fleet: list, show.");
        identities.Subcommands.Add(List());
        identities.Subcommands.Add(Show());
        return identities;
    }

    private static Command List()
    {
        var plant = Opt.Plant(required: false);
        var command = new Command("list", "Identities (from the fleet document you may see), optionally of one plant.") { plant };
        Run.Api(command, async call =>
        {
            var identities = await ReadAsync(call);
            if (call.Get(plant) is { Length: > 0 } only)
            {
                identities = identities.Where(i => Assignments(i).Any(a => Text(a, "plant") == only)).ToList();
            }

            var table = new Table("id", "name", "kind", "organization", "plants", "roles");
            foreach (var identity in identities)
            {
                var assignments = Assignments(identity);
                table.Add(Text(identity, "id"), Text(identity, "name"), Text(identity, "kind"), Text(identity, "organization"),
                    assignments.Select(a => Text(a, "plant")).Distinct().ToList(),
                    assignments.SelectMany(a => List(a, "roles")).Distinct().ToList());
            }

            var json = new ListValue();
            json.Values.Add(identities.Select(i => ToValue(i)));
            call.Printer.Write(json, table, "No identities.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var id = Opt.Id("IDENTITY", "the identity id");
        var command = new Command("show", "One identity: its assignments and its trust now.") { id };
        Run.Api(command, async call =>
        {
            var identity = (await ReadAsync(call)).FirstOrDefault(i => Text(i, "id") == call.Get(id))
                ?? throw new CliFailure(ExitCodes.NotFound, $"No identity '{call.Get(id)}' in the fleet you may see.");
            GetTrustResponse? trust = null;
            try
            {
                trust = await new TrustService.TrustServiceClient(call.Session.Channel).GetTrustAsync(new GetTrustRequest { IdentityId = call.Get(id) }, call.Options);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.PermissionDenied or StatusCode.NotFound)
            {
                // Trust is shown when the caller may read it.
            }

            var table = new Table("field", "value")
                .Add("id", Text(identity, "id"))
                .Add("name", Text(identity, "name"))
                .Add("kind", Text(identity, "kind"))
                .Add("email", Text(identity, "email"))
                .Add("organization", Text(identity, "organization"));
            foreach (var assignment in Assignments(identity))
            {
                var shift = Text(assignment, "shift");
                table.Add($"at {Text(assignment, "plant")}", string.Join(",", List(assignment, "roles")) + (shift.Length > 0 ? $" (shift {shift})" : ""));
            }

            if (trust is not null)
            {
                table.Add("trust", $"{trust.Score} ({Table.Cell(trust.EnforcedTier)})");
                foreach (var line in trust.Explanation)
                {
                    table.Add("", line);
                }
            }

            var json = ToValue(identity).StructValue;
            if (trust is not null)
            {
                json.Fields["trust"] = Value.Parser.ParseJson(Google.Protobuf.JsonFormatter.Default.Format(trust));
            }

            call.Printer.Write(json, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<List<Dictionary<object, object?>>> ReadAsync(Call call)
    {
        var export = await new FleetService.FleetServiceClient(call.Session.Channel).ExportFleetAsync(new ExportFleetRequest(), call.Options);
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object?>>(export.Document) ?? [];
        return document.TryGetValue("identities", out var list) && list is List<object?> items
            ? items.OfType<Dictionary<object, object?>>().ToList()
            : [];
    }

    private static List<Dictionary<object, object?>> Assignments(Dictionary<object, object?> identity) =>
        identity.TryGetValue("assignments", out var list) && list is List<object?> items ? items.OfType<Dictionary<object, object?>>().ToList() : [];

    private static string Text(Dictionary<object, object?> map, string key) => map.TryGetValue(key, out var value) ? value?.ToString() ?? "" : "";

    private static IEnumerable<string> List(Dictionary<object, object?> map, string key) =>
        map.TryGetValue(key, out var value) && value is List<object?> items ? items.Select(i => i?.ToString() ?? "") : [];

    /// <summary>YAML as a protobuf <see cref="Value"/> (scalars as text, as the document spells them), so --output json prints plain JSON.</summary>
    private static Value ToValue(object? yaml) => yaml switch
    {
        null => Value.ForNull(),
        Dictionary<object, object?> map => Value.ForStruct(new Struct { Fields = { map.ToDictionary(p => p.Key.ToString()!, p => ToValue(p.Value)) } }),
        List<object?> list => Value.ForList(list.Select(ToValue).ToArray()),
        _ => Value.ForString(yaml.ToString()),
    };
}
