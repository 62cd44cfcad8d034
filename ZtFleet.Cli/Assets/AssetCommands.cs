using System.CommandLine;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ZtFleet.Api.V1;
using ZtFleet.Cli.Fleet;
using ZtFleet.Cli.Hosting;
using ZtFleet.Cli.Output;

namespace ZtFleet.Cli.Assets;

/// <summary><c>ztfleet assets</c>: list, show, import from CSV.</summary>
internal static class AssetCommands
{
    public static Command Create()
    {
        var assets = new Command("assets", "The inventory: list, show, import CSV.");
        assets.Subcommands.Add(List());
        assets.Subcommands.Add(Show());
        assets.Subcommands.Add(Import());
        return assets;
    }

    private static Command List()
    {
        var plant = Opt.Plant();
        var zone = Opt.Text("--zone", "only assets of this zone");
        var type = Opt.Choice<AssetType>("--type", "only assets of this type");
        var criticality = new Option<int>("--min-criticality") { Description = "only assets at or above this criticality (1-5)" };
        var level = Opt.Text("--level", "only assets at this Purdue level (0-5 or 3.5)");
        var text = Opt.Text("--text", "text in id, name, vendor, model, firmware, serial, ip, mac, owner or CVE ids");
        var limit = Opt.Limit(10000);
        var command = new Command("list", "Assets of a plant, filtered.") { plant, zone, type, criticality, level, text, limit };
        Run.Api(command, async call =>
        {
            var client = new FleetService.FleetServiceClient(call.Session.Channel);
            var request = new ListAssetsRequest
            {
                PlantId = call.Get(plant),
                ZoneId = call.Get(zone) ?? "",
                Type = call.Get(type) is { } t ? EnumText.Parse<AssetType>(t, "--type") : AssetType.Unspecified,
                MinCriticality = call.Get(criticality),
                PurdueLevel = call.Get(level) ?? "",
                Text = call.Get(text) ?? "",
                PageSize = 1000,
            };
            var all = new ListAssetsResponse();
            var max = call.Get(limit);
            do
            {
                var page = await client.ListAssetsAsync(request, call.Options);
                all.Assets.Add(page.Assets.Take(max - all.Assets.Count));
                all.Total = page.Total;
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0 && all.Assets.Count < max);

            var table = new Table("id", "name", "zone", "level", "type", "criticality", "safety", "ip", "vendor", "model");
            foreach (var asset in all.Assets)
            {
                table.Add(asset.AssetId, asset.Name, asset.ZoneId, asset.PurdueLevel, asset.Type, asset.Criticality, asset.SafetyRelated, asset.Ip, asset.Vendor, asset.Model);
            }

            call.Printer.Write(all, table, "No assets match.");
            if (all.Total > all.Assets.Count)
            {
                call.Printer.Note($"{all.Assets.Count} of {all.Total} shown (--limit).");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show()
    {
        var plant = Opt.Plant();
        var id = Opt.Id("ASSET", "the asset id");
        var command = new Command("show", "One asset and its inventory facts.") { plant, id };
        Run.Api(command, async call =>
        {
            var answer = await new FleetService.FleetServiceClient(call.Session.Channel)
                .GetAssetAsync(new GetAssetRequest { PlantId = call.Get(plant), AssetId = call.Get(id) }, call.Options);
            var asset = answer.Asset;
            var table = new Table("field", "value")
                .Add("plant", asset.PlantId)
                .Add("id", asset.AssetId)
                .Add("name", asset.Name)
                .Add("zone", asset.ZoneId)
                .Add("purdue level", asset.PurdueLevel)
                .Add("type", asset.Type)
                .Add("vendor", asset.Vendor)
                .Add("model", asset.Model)
                .Add("firmware", asset.Firmware)
                .Add("serial", asset.Serial)
                .Add("ip", asset.Ip)
                .Add("mac", asset.Mac)
                .Add("criticality", asset.Criticality)
                .Add("safety related", asset.SafetyRelated)
                .Add("owner", asset.Owner)
                .Add("vulnerabilities", asset.Vulnerabilities)
                .Add("used by", asset.UsedByIdentityId);
            call.Printer.Write(answer, table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<string>("FILE") { Description = "the CSV file (a header row); - reads stdin" };
        var plant = Opt.Plant(required: false);
        plant.Description = "the plant the rows go to (may be left out when the mapping's site column names each row's plant)";
        var mapping = Opt.Text("--mapping", "a mapping file (YAML, docs/imports.md): columns, zones and sites by name, criticality words, device types");
        var columns = Opt.Many("--column", "FIELD=HEADER: read an asset field from a column of another name");
        var delimiter = Opt.Text("--delimiter", "the field delimiter (default ,)");
        var dryRun = Opt.Flag("--dry-run", "validate and show the diff (and each row's result); change nothing");
        var reason = Opt.Text("--reason", "why (kept in the fleet version)");
        var ticket = Opt.Text("--ticket", "the change ticket");
        var noWait = Opt.Flag("--no-wait", "return once the import is decided, without waiting for the plant to commit it");
        var command = new Command("import", "Imports (upserts) assets of a plant from CSV; all rows or none.") { file, plant, mapping, columns, delimiter, dryRun, reason, ticket, noWait };
        Run.Api(command, async call =>
        {
            var request = new ImportAssetsCsvRequest
            {
                PlantId = call.Get(plant) ?? "",
                Csv = Opt.ReadFile(call.Get(file)),
                Delimiter = call.Get(delimiter) ?? "",
                DryRun = call.Get(dryRun),
                Reason = call.Get(reason) ?? "",
                ChangeTicket = call.Get(ticket) ?? "",
            };
            foreach (var pair in Opt.Split(call.Get(columns)))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                {
                    throw new UsageException($"--column '{pair}' is not FIELD=HEADER.");
                }

                request.ColumnMapping[parts[0]] = parts[1];
            }

            if (call.Get(mapping) is { Length: > 0 } mappingFile)
            {
                request.Mapping = Opt.ReadFile(mappingFile);
            }

            var client = new FleetService.FleetServiceClient(call.Session.Channel);
            ImportAssetsCsvResponse answer;
            using (var bar = call.Printer.Progress("Importing"))
            {
                bar.Report(0, 1, $"{request.Csv.Length / 1024} KiB");
                answer = await client.ImportAssetsCsvAsync(request, call.Options);
            }

            if (!request.DryRun && !call.Get(noWait) && answer.State == ApplyState.Committing)
            {
                var status = await ApplyFollower.WaitAsync(call, answer.ApplyId, "Committing");
                if (status is not null)
                {
                    answer.State = status.State;
                }
            }

            var printer = call.Printer;
            if (printer.Format == OutputFormat.Json)
            {
                printer.WriteJson(answer);
                return ExitCodes.Ok;
            }

            if (RowPreview(answer) is { } rows && rows.Rows.Count > 0)
            {
                printer.Write(answer, rows);
                printer.Say("");
            }

            printer.Write(answer, ChangeTables.Changes(answer.Changes), "No changes: the plant already holds these assets.");
            printer.Note(request.DryRun
                ? $"Dry run: {answer.AssetsRead} rows read; {ChangeTables.Summary(answer.Changes)}; nothing applied."
                : answer.Applied
                    ? $"Imported {answer.AssetsRead} rows as version {answer.Version} (apply {answer.ApplyId}): {(answer.State == ApplyState.Committing ? "still committing" : "committed")}."
                    : $"{answer.AssetsRead} rows read; nothing changed.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// The per-row preview of a dry run (<c>rows</c>, docs/imports.md): line, plant, change and changed fields, and
    /// the main facts of the row's resulting asset.
    /// </summary>
    private static Table? RowPreview(ImportAssetsCsvResponse answer)
    {
        if (answer.Rows.Count == 0)
        {
            return null;
        }

        var table = new Table("line", "plant", "change", "changed fields", "asset", "name", "zone", "type", "criticality", "ip");
        foreach (var row in answer.Rows)
        {
            var asset = row.Asset ?? new Asset();
            table.Add(row.Line, row.PlantId, row.Change, row.ChangedFields, asset.AssetId, asset.Name, asset.ZoneId, asset.Type, asset.Criticality, asset.Ip);
        }

        return table;
    }
}
