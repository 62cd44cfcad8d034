using System.Globalization;
using System.Text;
using CsvHelper;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Imports assets of one plant from a CSV export (OT monitoring tools, CMDBs). One row per asset, a header row
/// first; columns are found through an <see cref="AssetCsvMapping"/>. Rows are held to the same asset rules as the
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
/// Types accept the usual spellings ("PLC", "Safety Controller", "Engineering Workstation", "EWS", "HMI", "VFD"),
/// booleans true/false/yes/no/y/n/1/0, and vulnerabilities are separated by ';', ',' or whitespace. After
/// <see cref="MergeInto"/>, validate the resulting fleet with <see cref="FleetDocumentValidator"/>: conduits naming
/// assets are checked there.
/// </para>
/// </remarks>
public static class AssetCsvReader
{
    public const int MaxBytes = 8 * 1024 * 1024;

    private const int HeaderLine = 1;

    private static readonly string[] FieldNames =
    [
        "id", "name", "zone", "type", "vendor", "model", "firmware", "serial", "ip", "mac", "criticality", "safetyRelated",
        "owner", "vulnerabilities", "neverAuto",
    ];

    private static readonly string[] TrueValues = ["true", "yes", "y", "1"];
    private static readonly string[] FalseValues = ["false", "no", "n", "0"];

    /// <summary>Reads the assets of <paramref name="csv"/> for <paramref name="plant"/>.</summary>
    public static AssetCsvResult Read(string csv, AssetCsvMapping mapping, PlantSpec plant)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(mapping);
        ArgumentNullException.ThrowIfNull(plant);
        if (csv.Length > MaxBytes || Encoding.UTF8.GetByteCount(csv) > MaxBytes)
        {
            return new AssetCsvResult([], [new Violation("csv", $"the file exceeds {MaxBytes / (1024 * 1024)} MiB; import it in parts")]);
        }

        var import = new Import(plant);
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
                    cells[field] = string.IsNullOrEmpty(value) ? null : value;
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

        if (!columns.ContainsKey("id"))
        {
            if (mapped["id"] is null)
            {
                // One header holding another usual delimiter is the typical symptom of a ';'-separated export.
                var hint = headers.Count == 1 && headers[0].IndexOfAny([';', '\t', '|', ',']) >= 0
                    ? "; is the delimiter right?"
                    : string.Empty;
                import.Add(HeaderLine, $"line {HeaderLine}", $"no column for id: add an 'id' column or map id to one ({Echo.List(headers)}){hint}");
            }

            return null;
        }

        return columns;
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

    /// <summary>The state of one import: rows read so far and violations by line.</summary>
    private sealed class Import(PlantSpec plant)
    {
        private readonly List<(long Line, int Order, Violation Violation)> _violations = [];
        private readonly List<ImportedRow> _rows = [];
        private readonly Dictionary<AssetId, AssetSpec> _existing = Index(plant.Assets);
        private readonly Dictionary<ZoneId, ZoneSpec> _zones = (plant.Zones ?? []).GroupBy(z => z.Id).ToDictionary(g => g.Key, g => g.First());

        public void Add(long line, string field, string description) =>
            _violations.Add((line, _violations.Count, new Violation(field, description)));

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

            var rawId = cells.GetValueOrDefault("id")?.ToLowerInvariant();
            if (rawId is null || !AssetId.TryParse(rawId, out var id))
            {
                Report("id", rawId is null ? "id is required" : $"id {EntityId.Describe(rawId)}");
                return;
            }

            _existing.TryGetValue(id, out var existing);
            var zone = existing?.Zone ?? default;
            if (Cell("zone") is { } zoneText)
            {
                if (ZoneId.TryParse(zoneText.ToLowerInvariant(), out var parsed))
                {
                    zone = parsed;
                }
                else
                {
                    Report("zone", $"zone {EntityId.Describe(zoneText)}");
                }
            }

            var type = existing?.Type ?? AssetType.Unspecified;
            if (Cell("type") is { } typeText && !AssetTypeSpellings.TryParse(typeText, out type))
            {
                Report("type", $"{Echo.Of(typeText)} is not an asset type ({InventoryVocabulary.Allowed<AssetType>()}, or a usual spelling such as PLC, Safety Controller, EWS)");
            }

            var criticality = existing?.Criticality ?? 0;
            if (Cell("criticality") is { } criticalityText
                && !int.TryParse(criticalityText, NumberStyles.Integer, CultureInfo.InvariantCulture, out criticality))
            {
                Report("criticality", $"criticality must be a whole number 1 to 5, not {Echo.Of(criticalityText)}");
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
            FleetDocumentValidator.CheckAsset(asset, _zones, plant.Id, (field, description) =>
            {
                if (!unparsed.Contains(field.Split('[')[0]))
                {
                    Report(field, description);
                }
            });
            row.Asset = asset;
            row.Report = Report;
            _rows.Add(row);

            string? Cell(string field) => cells.GetValueOrDefault(field);
        }

        public AssetCsvResult Finish()
        {
            CheckDuplicates();
            var assets = _rows.Where(r => !r.Failed).Select(r => r.Asset!).ToList();
            var violations = _violations.OrderBy(v => v.Line).ThenBy(v => v.Order).Select(v => v.Violation).ToList();
            return new AssetCsvResult(assets, violations);
        }

        private void CheckDuplicates()
        {
            // Addresses are unique among the plant's assets after the import: the rows, plus the plant's assets that
            // the import does not replace.
            var importedIds = _rows.Select(r => r.Asset!.Id).ToHashSet();
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

            var ids = new Dictionary<AssetId, long>();
            foreach (var row in _rows)
            {
                var asset = row.Asset!;
                if (!ids.TryAdd(asset.Id, row.Line))
                {
                    row.Report!("id", $"id '{asset.Id}' is already imported on line {ids[asset.Id]}");
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

        private static Dictionary<AssetId, AssetSpec> Index(IReadOnlyList<AssetSpec>? assets)
        {
            var index = new Dictionary<AssetId, AssetSpec>();
            foreach (var asset in assets ?? [])
            {
                index.TryAdd(asset.Id, asset);
            }

            return index;
        }
    }

    private sealed class ImportedRow(long line)
    {
        public long Line { get; } = line;

        public AssetSpec? Asset { get; set; }

        public Action<string, string>? Report { get; set; }

        public bool Failed { get; set; }
    }
}
