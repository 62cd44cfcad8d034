using System.Globalization;
using System.Text;
using CsvHelper;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Imports assets from a CSV export (OT monitoring tools, CMDBs). One row per asset, a header row first; columns are
/// found through an <see cref="AssetCsvMapping"/> (docs/imports.md). Rows are held to the same asset rules as the
/// fleet document, and violations name <c>line N, column X</c>.
/// </summary>
/// <remarks>
/// <para>
/// An import upserts by id (ids and zone ids are lower-cased, as exports often shout them). When the row's asset
/// already exists in the plant, a missing column or an empty cell keeps the existing value: an export from a
/// network monitor that knows addresses but not criticality enriches the inventory without erasing what people
/// entered. A new asset needs zone, type and criticality; its name defaults to its id.
/// </para>
/// <para>
/// Without an id column, a row's id is the existing asset of the plant with the row's name (case-insensitive), else
/// the <see cref="AssetIdSlug"/> of its name; a slug that another row or another existing asset already has is
/// reported. A <c>site</c> column routes each row to a plant by id, name or the mapping's <c>sites:</c>; zones are
/// matched by id, name or the mapping's <c>zones:</c>; a <c>level</c> column must agree with the zone's Purdue level.
/// </para>
/// <para>
/// Types accept the usual spellings ("PLC", "Safety Controller", "Robot Controller", "EWS", "HMI", "VFD") and the
/// mapping's <c>types:</c>; criticality numbers 1-5 and words (Low, Medium, High, Critical and the mapping's);
/// booleans true/false/yes/no/y/n/1/0; vulnerabilities separated by ';', ',' or whitespace. A cell
/// <see cref="AssetCsvWriter"/> guarded against formulas (a leading <c>'</c>) reads back without the quote. After
/// <see cref="MergeInto"/>, validate the resulting fleet with <see cref="FleetDocumentValidator"/>: conduits naming
/// assets are checked there.
/// </para>
/// </remarks>
public static class AssetCsvReader
{
    public const int MaxBytes = 8 * 1024 * 1024;

    private const int HeaderLine = 1;

    private static readonly string[] TrueValues = ["true", "yes", "y", "1"];
    private static readonly string[] FalseValues = ["false", "no", "n", "0"];

    /// <summary>
    /// The asset fields a mapping names and a header may hold: the asset's own, plus <c>site</c> (the plant a row
    /// goes to) and <c>level</c> (its Purdue level, checked against its zone's).
    /// </summary>
    public static IReadOnlyList<string> FieldNames { get; } =
    [
        "id", "name", "zone", "type", "vendor", "model", "firmware", "serial", "ip", "mac", "criticality", "safetyRelated",
        "owner", "vulnerabilities", "neverAuto", "site", "level",
    ];

    /// <summary>Reads the assets of <paramref name="csv"/> for <paramref name="plant"/>.</summary>
    /// <remarks>A site column may only name this plant.</remarks>
    public static AssetCsvResult Read(string csv, AssetCsvMapping mapping, PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(plant);
        var result = Read(csv, mapping, [plant], plant.Id);
        return new AssetCsvResult(result.Rows.Select(r => r.Asset).ToList(), result.Violations);
    }

    /// <summary>
    /// Reads the assets of <paramref name="csv"/>: each row goes to the plant its site cell names among
    /// <paramref name="plants"/>, or to <paramref name="defaultPlant"/> when it has no site (no site column, or an
    /// empty cell).
    /// </summary>
    public static AssetImportResult Read(string csv, AssetCsvMapping mapping, IReadOnlyList<PlantSpec> plants, Identifiers.PlantId? defaultPlant)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(plants);
        if (csv.Length > MaxBytes || Encoding.UTF8.GetByteCount(csv) > MaxBytes)
        {
            return new AssetImportResult([], [new Violation("csv", $"the file exceeds {MaxBytes / (1024 * 1024)} MiB; import it in parts")], []);
        }

        var import = new Import(plants, defaultPlant, mapping);
        var columns = ResolveMapping(mapping, import);
        if (columns is not null)
        {
            ReadRows(csv.TrimStart('\uFEFF'), mapping.Delimiter, columns, import);
        }

        return import.Finish();
    }

    /// <summary>
    /// The plant with <paramref name="imported"/> upserted by id: an existing asset is replaced where it stands, new
    /// ones are appended in import order, the others are kept.
    /// </summary>
    public static PlantSpec MergeInto(PlantSpec plant, IReadOnlyList<AssetSpec> imported)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(imported);
        var byId = new Dictionary<AssetId, AssetSpec>();
        foreach (var asset in imported)
        {
            byId[asset.Id] = asset;
        }

        var merged = new List<AssetSpec>(plant.Assets.Count + imported.Count);
        var placed = new HashSet<AssetId>();
        foreach (var asset in plant.Assets ?? [])
        {
            if (byId.TryGetValue(asset.Id, out var replacement) && placed.Add(asset.Id))
            {
                merged.Add(replacement);
            }
            else if (!byId.ContainsKey(asset.Id))
            {
                merged.Add(asset);
            }
        }

        merged.AddRange(imported.Where(a => placed.Add(a.Id)).Select(a => byId[a.Id]));
        return plant with { Assets = merged };
    }

    /// <summary>Field name → mapped header (null when unmapped). Null when the mapping itself is unusable.</summary>
    private static Dictionary<string, string?>? ResolveMapping(AssetCsvMapping mapping, Import import)
    {
        var columns = FieldNames.ToDictionary(f => f, _ => (string?)null, StringComparer.OrdinalIgnoreCase);
        var usable = true;
        foreach (var (field, header) in mapping.Columns ?? new Dictionary<string, string>())
        {
            if (!columns.ContainsKey(field))
            {
                import.Add(HeaderLine, $"mapping[{Echo.Key(field)}]", $"{Echo.Of(field)} is not an asset field (fields: {string.Join(", ", FieldNames)})");
                usable = false;
            }
            else if (string.IsNullOrWhiteSpace(header))
            {
                import.Add(HeaderLine, $"mapping[{Echo.Key(field)}]", $"the column for {Echo.Key(field)} has no header name");
                usable = false;
            }
            else
            {
                columns[field] = header.Trim();
            }
        }

        return usable ? columns : null;
    }

    private static void ReadRows(string csv, char delimiter, Dictionary<string, string?> mapped, Import import)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = true,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Skip,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            OnMalformedRecord = record => import.Add(
                record.LineNumber, $"line {record.LineNumber}", $"malformed row ({Describe(record.Reason)}); the row was skipped"),
        };

        try
        {
            using var reader = CsvReader.FromText(csv, options);
            var headers = reader.Headers?.Select(h => h.Trim()).ToList() ?? [];
            if (headers.Count == 0 || headers.All(h => h.Length == 0))
            {
                import.Add(HeaderLine, $"line {HeaderLine}", $"no header row: the first line must name the columns ({string.Join(", ", FieldNames)})");
                return;
            }

            var columns = ResolveColumns(headers, mapped, import);
            if (columns is null)
            {
                return;
            }

            while (reader.Read())
            {
                var line = reader.LineNumber;
                if (reader.FieldCount != headers.Count)
                {
                    import.Add(line, $"line {line}", $"the row has {reader.FieldCount} fields but the header has {headers.Count}; check the delimiter and quoting");
                    continue;
                }

                var cells = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var (field, index) in columns)
                {
                    var value = reader.GetString(index)?.Trim();
                    cells[field] = string.IsNullOrEmpty(value) ? null : CsvFormulaGuard.Unguard(value);
                }

                import.Row(line, cells, field => columns.TryGetValue(field, out var index) ? headers[index] : field);
            }
        }
        catch (CsvFormatException ex)
        {
            import.Add(ex.LineNumber, $"line {ex.LineNumber}", $"unreadable CSV: {Echo.Of(ex.Message)}");
        }
    }

    /// <summary>Field name → column index, for the fields present in the header.</summary>
    private static Dictionary<string, int>? ResolveColumns(List<string> headers, Dictionary<string, string?> mapped, Import import)
    {
        var byHeader = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < headers.Count; i++)
        {
            if (headers[i].Length > 0 && !byHeader.TryAdd(headers[i], i))
            {
                import.Add(HeaderLine, $"line {HeaderLine}, column {Echo.Key(headers[i])}", $"the header {Echo.Of(headers[i])} appears more than once");
            }
        }

        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in FieldNames)
        {
            var header = mapped[field];
            if (header is not null)
            {
                if (byHeader.TryGetValue(header, out var index))
                {
                    columns[field] = index;
                }
                else
                {
                    import.Add(HeaderLine, $"line {HeaderLine}", $"the column {Echo.Of(header)} mapped to {field} is not in the header ({Echo.List(headers)})");
                }
            }
            else if (byHeader.TryGetValue(field, out var index))
            {
                columns[field] = index;
            }
        }

        if (!columns.ContainsKey("id") && !columns.ContainsKey("name"))
        {
            if (mapped["id"] is null)
            {
                // One header holding another usual delimiter is the typical symptom of a ';'-separated export.
                var hint = headers.Count == 1 && headers[0].IndexOfAny([';', '\t', '|', ',']) >= 0
                    ? "; is the delimiter right?"
                    : string.Empty;
                import.Add(HeaderLine, $"line {HeaderLine}", $"no column for id or name: add an 'id' or 'name' column or map id or name to one ({Echo.List(headers)}){hint}");
            }

            return null;
        }

        return import.Accepts(columns) ? columns : null;
    }

    private static string Describe(CsvMalformedReason reason) =>
        reason switch
        {
            CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
            CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
            CsvMalformedReason.UnterminatedQuote => "a quote that is never closed",
            CsvMalformedReason.LineBreakInQuotes => "a line break inside quotes",
            CsvMalformedReason.FieldCountMismatch => "wrong number of fields",
            _ => reason.ToString(),
        };

    private static bool TryParseBool(string text, out bool value)
    {
        value = TrueValues.Contains(text, StringComparer.OrdinalIgnoreCase);
        return value || FalseValues.Contains(text, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The state of one import: the plants rows may go to, rows read so far and violations by line.</summary>
    private sealed class Import
    {
        private readonly List<(long Line, int Order, Violation Violation)> _violations = [];
        private readonly List<ImportedRow> _rows = [];
        private readonly Dictionary<PlantId, PlantContext> _plants = [];
        private readonly PlantId? _defaultPlant;
        private readonly AssetCsvMapping _mapping;
        private readonly Dictionary<string, AssetType> _types = new(StringComparer.Ordinal);

        public Import(IReadOnlyList<PlantSpec> plants, PlantId? defaultPlant, AssetCsvMapping mapping)
        {
            foreach (var plant in plants)
            {
                _plants.TryAdd(plant.Id, new PlantContext(plant));
            }

            _defaultPlant = defaultPlant;
            _mapping = mapping;
            foreach (var (spelling, type) in mapping.Types ?? new Dictionary<string, AssetType>())
            {
                _types.TryAdd(AssetTypeSpellings.Normalize(spelling), type);
            }
        }

        public void Add(long line, string field, string description) =>
            _violations.Add((line, _violations.Count, new Violation(field, description)));

        /// <summary>True when every row can find a plant: a site column, or a plant given for the whole file.</summary>
        public bool Accepts(Dictionary<string, int> columns)
        {
            if (columns.ContainsKey("site") || (_defaultPlant is { } plant && _plants.ContainsKey(plant)))
            {
                return true;
            }

            Add(HeaderLine, $"line {HeaderLine}", "no plant for the rows: give the plant, or map a site column that names each row's plant");
            return false;
        }

        public void Row(long line, IReadOnlyDictionary<string, string?> cells, Func<string, string> header)
        {
            var row = new ImportedRow(line);
            var failed = new HashSet<string>(StringComparer.Ordinal);
            void Report(string field, string description)
            {
                // One violation per cell, except list cells (vulnerabilities) where each bad item is its own problem.
                var baseField = field.Split('[')[0];
                if (!failed.Add(baseField) && baseField == field)
                {
                    return;
                }

                row.Failed = true;
                Add(line, $"line {line}, column {Echo.Key(header(baseField))}", description);
            }

            PlantContext context;
            if (Cell("site") is { } siteText)
            {
                if (ResolvePlant(siteText) is not { } found)
                {
                    Report("site", $"site {Echo.Of(siteText)} is not a plant: neither a plant id, a plant name nor an entry of the mapping's sites: (plants: {Echo.List(_plants.Values.Select(p => $"{p.Spec.Id} ({p.Spec.Name})").ToList())})");
                    return;
                }

                context = found;
            }
            else if (_defaultPlant is { } fallback && _plants.TryGetValue(fallback, out var given))
            {
                context = given;
            }
            else
            {
                Report("site", "site is required: the row names no plant and none was given for the file");
                return;
            }

            var plant = context.Spec;
            AssetId id;
            if (cells.ContainsKey("id"))
            {
                var rawId = Cell("id")?.ToLowerInvariant();
                if (rawId is null || !AssetId.TryParse(rawId, out id))
                {
                    Report("id", rawId is null ? "id is required" : $"id {EntityId.Describe(rawId)}");
                    return;
                }
            }
            else if (Cell("name") is not { } name)
            {
                Report("name", "name is required: the file has no id column, so each asset's id comes from its name");
                return;
            }
            else if (context.DeriveId(name, out id) is { } problem)
            {
                Report("name", problem);
                return;
            }
            else
            {
                row.DerivedFrom = name;
            }

            context.Existing.TryGetValue(id, out var existing);
            var zone = existing?.Zone ?? default;
            if (Cell("zone") is { } zoneText)
            {
                if (context.ResolveZone(zoneText, _mapping.Zones, out var resolved) is { } zoneProblem)
                {
                    Report("zone", zoneProblem);
                }
                else
                {
                    zone = resolved;
                }
            }

            if (Cell("level") is { } levelText)
            {
                if (!PurdueLevelText.TryParse(levelText, out var level))
                {
                    Report("level", $"{Echo.Of(levelText)} is not a Purdue level (0, 1, 2, 3, 3.5, 4, 5; also written L2, Level 3.5, Purdue 2)");
                }
                else if (context.Zones.TryGetValue(zone, out var zoneSpec) && zoneSpec.PurdueLevel != PurdueLevel.Unspecified && zoneSpec.PurdueLevel != level)
                {
                    Report("level", $"level {InventoryVocabulary.Name(level)} does not match zone '{zone}', which is at Purdue level {InventoryVocabulary.Name(zoneSpec.PurdueLevel)}");
                }
            }

            var type = existing?.Type ?? AssetType.Unspecified;
            if (Cell("type") is { } typeText)
            {
                if (_types.TryGetValue(AssetTypeSpellings.Normalize(typeText), out var mapped))
                {
                    type = mapped;
                }
                else if (AssetTypeSpellings.TryParse(typeText, out var spelled))
                {
                    type = spelled;
                }
                else if (_mapping.DefaultType is { } defaultType)
                {
                    type = defaultType;
                }
                else
                {
                    Report("type", $"{Echo.Of(typeText)} is not an asset type ({InventoryVocabulary.Allowed<AssetType>()}, or a usual spelling such as PLC, Safety Controller, EWS); name it in the mapping's types: or set defaultType:");
                }
            }

            var criticality = existing?.Criticality ?? 0;
            if (Cell("criticality") is { } criticalityText)
            {
                if (TryParseCriticality(criticalityText, out var parsed))
                {
                    criticality = parsed;
                }
                else
                {
                    Report("criticality", $"criticality must be a whole number 1 to 5 or a word ({CriticalityWords()}), not {Echo.Of(criticalityText)}");
                }
            }

            var safetyRelated = existing?.SafetyRelated ?? false;
            if (Cell("safetyRelated") is { } safetyText && !TryParseBool(safetyText, out safetyRelated))
            {
                Report("safetyRelated", $"safetyRelated must be true/false, yes/no or 1/0, not {Echo.Of(safetyText)}");
            }

            var neverAuto = existing?.NeverAuto ?? false;
            if (Cell("neverAuto") is { } neverAutoText && !TryParseBool(neverAutoText, out neverAuto))
            {
                Report("neverAuto", $"neverAuto must be true/false, yes/no or 1/0, not {Echo.Of(neverAutoText)}");
            }

            var ip = Cell("ip") is { } ipText ? (NetworkAddress.TryCanonicalIp(ipText, out var canonicalIp) ? canonicalIp : ipText) : existing?.Ip;
            var mac = Cell("mac") is { } macText ? (NetworkAddress.TryCanonicalMac(macText, out var canonicalMac) ? canonicalMac : macText) : existing?.Mac;
            var vulnerabilities = Cell("vulnerabilities") is { } cveText
                ? cveText.Split([';', ',', ' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(c => c.ToUpperInvariant()).ToList()
                : existing?.Vulnerabilities ?? [];

            var asset = new AssetSpec(
                id,
                Cell("name") ?? existing?.Name ?? id.Value,
                zone,
                type,
                Cell("vendor") ?? existing?.Vendor,
                Cell("model") ?? existing?.Model,
                Cell("firmware") ?? existing?.Firmware,
                Cell("serial") ?? existing?.Serial,
                ip,
                mac,
                criticality,
                safetyRelated,
                Cell("owner") ?? existing?.Owner,
                vulnerabilities,
                existing?.UsedBy)
            {
                NeverAuto = neverAuto,
            };
            // A cell that could not be parsed already has its violation; the asset rules would only repeat it.
            var unparsed = failed.ToHashSet(StringComparer.Ordinal);
            FleetDocumentValidator.CheckAsset(asset, context.Zones, plant.Id, (field, description) =>
            {
                if (!unparsed.Contains(field.Split('[')[0]))
                {
                    Report(field, description);
                }
            });
            row.Plant = context;
            row.Asset = asset;
            row.Existing = existing;
            row.Report = Report;
            _rows.Add(row);

            string? Cell(string field) => cells.GetValueOrDefault(field);
        }

        public AssetImportResult Finish()
        {
            foreach (var plant in _rows.GroupBy(r => r.Plant!))
            {
                CheckDuplicates(plant.Key, plant.ToList());
            }

            var accepted = _rows.Where(r => !r.Failed).ToList();
            var rows = accepted.Select(r => new AssetImportRow(r.Line, r.Plant!.Spec.Id, r.Asset!, ChangeOf(r, out var fields), fields)).ToList();
            var plants = accepted.GroupBy(r => r.Plant!).Select(g => MergeInto(g.Key.Spec, g.Select(r => r.Asset!).ToList())).ToList();
            var violations = _violations.OrderBy(v => v.Line).ThenBy(v => v.Order).Select(v => v.Violation).ToList();
            return new AssetImportResult(rows, violations, plants);
        }

        private static ImportRowChange ChangeOf(ImportedRow row, out IReadOnlyList<string> fields)
        {
            if (row.Existing is not { } existing)
            {
                fields = [];
                return ImportRowChange.Added;
            }

            fields = SpecComparison.AssetFields(existing, row.Asset!);
            return fields.Count == 0 ? ImportRowChange.Unchanged : ImportRowChange.Changed;
        }

        private PlantContext? ResolvePlant(string site)
        {
            var trimmed = site.Trim();
            foreach (var (written, plantId) in _mapping.Sites ?? new Dictionary<string, string>())
            {
                if (string.Equals(written.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return PlantId.TryParse(plantId.Trim().ToLowerInvariant(), out var aliased) ? _plants.GetValueOrDefault(aliased) : null;
                }
            }

            if (PlantId.TryParse(trimmed.ToLowerInvariant(), out var id) && _plants.TryGetValue(id, out var byId))
            {
                return byId;
            }

            var byName = _plants.Values.Where(p => string.Equals(p.Spec.Name?.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
            return byName.Count == 1 ? byName[0] : null;
        }

        private bool TryParseCriticality(string text, out int criticality)
        {
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out criticality))
            {
                return true;
            }

            if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) && Math.Abs(number) < 1000)
            {
                criticality = (int)number;
                return true;
            }

            return _mapping.TryCriticalityWord(text, out criticality);
        }

        private string CriticalityWords()
        {
            var words = new Dictionary<string, int>(AssetCsvMapping.DefaultCriticalityWords, StringComparer.OrdinalIgnoreCase);
            foreach (var (word, value) in _mapping.CriticalityWords ?? new Dictionary<string, int>())
            {
                words[word] = value;
            }

            return string.Join(", ", words.Select(w => $"{w.Key} {w.Value.ToString(CultureInfo.InvariantCulture)}"));
        }

        private static void CheckDuplicates(PlantContext context, List<ImportedRow> rows)
        {
            // Addresses are unique among the plant's assets after the import: the rows, plus the plant's assets that
            // the import does not replace.
            var plant = context.Spec;
            var importedIds = rows.Select(r => r.Asset!.Id).ToHashSet();
            var ips = new Dictionary<string, string>(StringComparer.Ordinal);
            var macs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var asset in plant.Assets ?? [])
            {
                if (!importedIds.Contains(asset.Id))
                {
                    Claim(ips, asset.Ip, $"asset {asset.Id} of plant {plant.Id}");
                    Claim(macs, asset.Mac, $"asset {asset.Id} of plant {plant.Id}");
                }
            }

            var ids = new Dictionary<AssetId, ImportedRow>();
            foreach (var row in rows)
            {
                var asset = row.Asset!;
                if (!ids.TryAdd(asset.Id, row))
                {
                    var first = ids[asset.Id];
                    if (row.DerivedFrom is { } name)
                    {
                        row.Report!("name", first.DerivedFrom is { } other && !string.Equals(other.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)
                            ? $"the name {Echo.Of(name)} gives the id '{asset.Id}', as {Echo.Of(other)} on line {first.Line} does: add an id column or make the names distinct"
                            : $"the asset {Echo.Of(name)} (id '{asset.Id}') is already imported on line {first.Line}");
                    }
                    else
                    {
                        row.Report!("id", $"id '{asset.Id}' is already imported on line {first.Line}");
                    }

                    continue;
                }

                if (asset.Ip is not null && !Claim(ips, asset.Ip, $"asset {asset.Id} on line {row.Line}"))
                {
                    row.Report!("ip", $"ip {Echo.Key(asset.Ip)} is already used by {ips[asset.Ip]}");
                }

                if (asset.Mac is not null && !Claim(macs, asset.Mac, $"asset {asset.Id} on line {row.Line}"))
                {
                    row.Report!("mac", $"mac {Echo.Key(asset.Mac)} is already used by {macs[asset.Mac]}");
                }
            }
        }

        private static bool Claim(Dictionary<string, string> owners, string? address, string owner) =>
            address is null || owners.TryAdd(address, owner);
    }

    /// <summary>One plant an import may write to, indexed for the lookups rows make.</summary>
    private sealed class PlantContext
    {
        private readonly ILookup<string, AssetSpec> _assetsByName;

        public PlantContext(PlantSpec spec)
        {
            Spec = spec;
            foreach (var asset in spec.Assets ?? [])
            {
                Existing.TryAdd(asset.Id, asset);
            }

            Zones = (spec.Zones ?? []).GroupBy(z => z.Id).ToDictionary(g => g.Key, g => g.First());
            _assetsByName = (spec.Assets ?? []).ToLookup(a => (a.Name ?? string.Empty).Trim(), StringComparer.OrdinalIgnoreCase);
        }

        public PlantSpec Spec { get; }

        public Dictionary<AssetId, AssetSpec> Existing { get; } = [];

        public Dictionary<ZoneId, ZoneSpec> Zones { get; }

        /// <summary>
        /// The id of the row named <paramref name="name"/>: the existing asset of that name, else the name's slug
        /// unless another existing asset has it. Null when found; else the problem.
        /// </summary>
        public string? DeriveId(string name, out AssetId id)
        {
            id = default;
            var named = _assetsByName[name.Trim()].ToList();
            if (named.Count == 1)
            {
                id = named[0].Id;
                return null;
            }

            if (named.Count > 1)
            {
                return $"plant {Spec.Id} has {named.Count} assets named {Echo.Of(name)} ({Echo.List(named.Select(a => a.Id.Value).ToList())}): add an id column to tell them apart";
            }

            if (AssetIdSlug.Of(name) is not { } slug || !AssetId.TryParse(slug, out id))
            {
                return $"the name {Echo.Of(name)} has no letter or digit to make an id of: add an id column";
            }

            return Existing.TryGetValue(id, out var other)
                ? $"the name {Echo.Of(name)} gives the id '{id}', which is already asset '{id}' ({Echo.Of(other.Name)}) of plant {Spec.Id}: add an id column or rename one of them"
                : null;
        }

        /// <summary>
        /// The zone <paramref name="text"/> names: an entry of the mapping's zones:, a zone id, a zone name
        /// (case-insensitive), or a well-formed id the asset rules then report as undefined. Null when found; else the problem.
        /// </summary>
        public string? ResolveZone(string text, IReadOnlyDictionary<string, string>? aliases, out ZoneId zone)
        {
            zone = default;
            var trimmed = text.Trim();
            foreach (var (written, zoneId) in aliases ?? new Dictionary<string, string>())
            {
                if (string.Equals(written.Trim(), trimmed, StringComparison.OrdinalIgnoreCase))
                {
                    return ZoneId.TryParse(zoneId.Trim().ToLowerInvariant(), out zone)
                        ? null
                        : $"the mapping's zones: maps {Echo.Of(written)} to zone {EntityId.Describe(zoneId)}";
                }
            }

            if (ZoneId.TryParse(trimmed.ToLowerInvariant(), out zone) && Zones.ContainsKey(zone))
            {
                return null;
            }

            var byName = Zones.Values.Where(z => string.Equals(z.Name?.Trim(), trimmed, StringComparison.OrdinalIgnoreCase)).ToList();
            if (byName.Count == 1)
            {
                zone = byName[0].Id;
                return null;
            }

            if (byName.Count > 1)
            {
                return $"zone {Echo.Of(text)} names {byName.Count} zones of plant {Spec.Id} ({Echo.List(byName.Select(z => z.Id.Value).ToList())}): write the zone id";
            }

            return ZoneId.TryParse(trimmed.ToLowerInvariant(), out zone)
                ? null
                : $"zone {Echo.Of(text)} is neither the id nor the name of a zone of plant {Spec.Id} (zones: {Echo.List(Zones.Values.Select(z => $"{z.Id} ({z.Name})").ToList())})";
        }
    }

    private sealed class ImportedRow(long line)
    {
        public long Line { get; } = line;

        public PlantContext? Plant { get; set; }

        public AssetSpec? Asset { get; set; }

        public AssetSpec? Existing { get; set; }

        /// <summary>The name the row's id was derived from; null when the file has an id column.</summary>
        public string? DerivedFrom { get; set; }

        public Action<string, string>? Report { get; set; }

        public bool Failed { get; set; }
    }
}
