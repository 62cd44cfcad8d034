using Grpc.Core;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Diagnostics;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;

namespace ZtFleet.Api.Fleet;

/// <summary><c>ImportAssetsCsv</c>: assets from an export, through a mapping file (docs/imports.md).</summary>
public sealed partial class FleetApiService
{
    public override async Task<ImportAssetsCsvResponse> ImportAssetsCsv(ImportAssetsCsvRequest request, ServerCallContext context)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "refused";
        try
        {
            var response = await ImportAsync(request, context);
            outcome = request.DryRun ? "dry-run" : response.Applied ? "applied" : "unchanged";
            return response;
        }
        finally
        {
            ZtFleetMetrics.ImportDuration.Record(ZtFleetMetrics.SecondsSince(started), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private async Task<ImportAssetsCsvResponse> ImportAsync(ImportAssetsCsvRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        PlantSpec? given = null;
        if (request.PlantId.Length > 0)
        {
            given = (await VisibleDefinitionAsync(caller, request.PlantId, "plant_id", context)).Spec;
            caller.Authorize(AdminAction.ChangePlant, given.Id);
        }

        CheckChangeNote(request.Reason, request.ChangeTicket);
        var mapping = ImportMapping(request);
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var plants = given is not null && !MayRouteBySite(request, mapping)
            ? [given]
            : await VisiblePlantsAsync(caller, overview.Plants, given, context.CancellationToken);

        var csv = AssetCsvReader.Read(request.Csv, mapping, plants, given?.Id);
        if (csv.Violations.Count > 0)
        {
            throw new InvalidRequestException($"The CSV has {csv.Violations.Count} problem(s); nothing was imported.", csv.Violations);
        }

        foreach (var plant in csv.Plants)
        {
            caller.Authorize(AdminAction.ChangePlant, plant.Id);
        }

        // No rows: the given plant unchanged (an apply that changes nothing).
        IReadOnlyList<PlantSpec> changed = csv.Plants.Count > 0 || given is null ? csv.Plants : [given];
        var document = new FleetDocument(overview.Name, changed, []);
        var violations = FleetDocumentValidator.Validate(document);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"The CSV has {violations.Count} problem(s); nothing was imported.", violations);
        }

        var options = new FleetApplyOptions(request.DryRun, Prune: false, caller.ToString(), request.Reason, request.ChangeTicket, Policy.Versions.FleetVersionSource.Import);
        var result = await ApplyAsync(document, options, context.CancellationToken);
        if (result.Violations.Count > 0)
        {
            throw new InvalidRequestException($"The import has {result.Violations.Count} problem(s); nothing was imported.", result.Violations);
        }

        if (!request.DryRun)
        {
            await AuditChangedAsync(caller, "assets.import", result, options);
        }

        var response = new ImportAssetsCsvResponse
        {
            Applied = result.Applied,
            Generation = result.Generation,
            AssetsRead = csv.Rows.Count,
            ApplyId = IdOf(result.ApplyId),
            State = ToProto(result.State),
            Version = result.Version ?? 0,
        };
        response.Changes.AddRange(result.Changes.Select(c => c.ToProto()));
        response.PlantIds.AddRange(changed.Select(p => p.Id.Value).Order(StringComparer.Ordinal));
        if (request.DryRun)
        {
            var zones = changed.ToDictionary(p => p.Id, p => p.Zones);
            foreach (var row in csv.Rows)
            {
                var preview = new ImportRowPreview
                {
                    Line = row.Line,
                    PlantId = row.Plant.Value,
                    Asset = row.Asset.ToProto(row.Plant, zones[row.Plant]),
                    Change = (V1.ImportRowChange)(int)row.Change,
                };
                preview.ChangedFields.AddRange(row.ChangedFields);
                response.Rows.Add(preview);
            }
        }

        return response;
    }

    /// <summary>
    /// The request's mapping file with <c>column_mapping</c> and <c>delimiter</c>, its short forms, folded in: a
    /// column or a delimiter set in both places is refused.
    /// </summary>
    private static AssetCsvMapping ImportMapping(ImportAssetsCsvRequest request)
    {
        var mapping = AssetCsvMapping.Default;
        var hasFile = request.Mapping.Length > 0;
        if (hasFile)
        {
            var (read, problems) = AssetCsvMappingReader.Read(request.Mapping);
            mapping = read ?? throw new InvalidRequestException($"The mapping has {problems.Count} problem(s); nothing was imported.", problems);
        }

        var violations = new List<Violation>();
        var columns = new Dictionary<string, string>(mapping.Columns, StringComparer.OrdinalIgnoreCase);
        foreach (var (field, header) in request.ColumnMapping)
        {
            if (hasFile && columns.ContainsKey(field))
            {
                violations.Add(new Violation($"column_mapping[{Echo.Key(field)}]", "is also mapped in the mapping file's columns:; name each column in one place"));
            }
            else
            {
                columns[field] = header;
            }
        }

        var delimiter = mapping.Delimiter;
        switch (request.Delimiter)
        {
            case "":
                break;
            case [var single] when !hasFile || mapping.Delimiter == ',' || mapping.Delimiter == single:
                delimiter = single;
                break;
            case [_]:
                violations.Add(new Violation("delimiter", $"differs from the mapping file's delimiter: {Echo.Of(mapping.Delimiter.ToString())}; set it in one place"));
                break;
            default:
                violations.Add(new Violation("delimiter", "must be a single character"));
                break;
        }

        return violations.Count > 0
            ? throw new InvalidRequestException($"The mapping has {violations.Count} problem(s); nothing was imported.", violations)
            : mapping with { Columns = columns, Delimiter = delimiter };
    }

    /// <summary>True when rows may name their plant: a site column is mapped, or the header may hold one.</summary>
    private static bool MayRouteBySite(ImportAssetsCsvRequest request, AssetCsvMapping mapping)
    {
        if (mapping.Columns.ContainsKey("site"))
        {
            return true;
        }

        var end = request.Csv.IndexOf('\n', StringComparison.Ordinal);
        var header = end < 0 ? request.Csv : request.Csv[..end];
        return header.Contains("site", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The definitions of the plants the caller may see, <paramref name="given"/> among them.</summary>
    private async Task<IReadOnlyList<PlantSpec>> VisiblePlantsAsync(Caller caller, IReadOnlyCollection<PlantId> plants, PlantSpec? given, CancellationToken cancellationToken)
    {
        var visible = plants.Where(p => caller.IsAllowed(AdminAction.ReadPlant, p) && p != given?.Id).ToList();
        var definitions = await Task.WhenAll(visible.Select(p => cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(p)).GetDefinitionAsync(cancellationToken)));
        var specs = definitions.OfType<PlantDefinition>().Select(d => d.Spec).ToList();
        if (given is not null)
        {
            specs.Insert(0, given);
        }

        return specs;
    }
}
