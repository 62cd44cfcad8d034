using System.Collections;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using ZtFleet.Grains.Refusals;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;
using ZtFleet.Api.V1;

namespace ZtFleet.Api.Validation;

/// <summary>
/// How long a request's fields may be, checked before anything else reads them: every string and bytes field, at
/// any depth (nested messages, repeated and map fields), and how many entries a repeated or map field may hold.
/// </summary>
/// <remarks>
/// <para>
/// Limits: an id (a field named <c>id</c> or ending in <c>_id</c>, and every entry of one ending in <c>_ids</c>) at
/// most <see cref="EntityId.MaxLength"/> characters; a document at most its documented size in UTF-8 bytes (the fleet
/// document and the asset CSV 8 MiB, an OIDC ID token <see cref="MaxIdTokenBytes"/>); any other string or bytes
/// field at most <see cref="DefaultMaxLength"/>; a repeated field at most <see cref="DefaultMaxEntries"/> entries (a telemetry
/// batch's events <see cref="TelemetryLimits.MaxBatchEvents"/>)
/// (a map <see cref="MaxMapEntries"/>). The services' own rules (a reason of at most 1000 characters, an id's
/// alphabet) still apply after this; this check only keeps what is obviously too long from reaching them, and from
/// being quoted back whole.
/// </para>
/// <para>
/// A document over its limit is <see cref="LimitExceededException"/> (RESOURCE_EXHAUSTED, reason TOO_LARGE), as
/// the fleet document's limit is documented; anything else too long is <see cref="InvalidRequestException"/>
/// (INVALID_ARGUMENT) with one field violation per field, each naming the field path and the length.
/// </para>
/// </remarks>
public static class RequestLimits
{
    /// <summary>Any string or bytes field without a limit of its own (a justification, a reason, a search text).</summary>
    public const int DefaultMaxLength = 1024;

    /// <summary>Entries of a repeated field without a limit of its own (as many as a batch of checks may hold).</summary>
    public const int DefaultMaxEntries = 1000;

    /// <summary>Entries of a map field (the CSV column mapping names at most a few dozen asset fields).</summary>
    public const int MaxMapEntries = 64;

    /// <summary>An OIDC ID token (a JWT); identity providers' tokens are a few KiB, with many groups tens of KiB.</summary>
    public const int MaxIdTokenBytes = 64 * 1024;

    /// <summary>A CSAF advisory (<c>ImportAdvisoryRequest.document</c>): vendors' largest are a few MiB.</summary>
    public const int MaxAdvisoryBytes = 8 * 1024 * 1024;

    /// <summary>How many violations one refusal lists; the walk stops there.</summary>
    public const int MaxViolations = 10;

    /// <summary>Fields with a limit of their own, in UTF-8 bytes: documents, ID tokens, and token ids (an enrollment token's carries its name and creator).</summary>
    private static readonly Dictionary<string, int> Explicit = new(StringComparer.Ordinal)
    {
        [ApplyFleetRequest.Descriptor.FindFieldByNumber(ApplyFleetRequest.DocumentFieldNumber).FullName] = FleetDocumentReader.MaxDocumentBytes,
        [ImportAssetsCsvRequest.Descriptor.FindFieldByNumber(ImportAssetsCsvRequest.CsvFieldNumber).FullName] = AssetCsvReader.MaxBytes,
        [ImportAdvisoryRequest.Descriptor.FindFieldByNumber(ImportAdvisoryRequest.DocumentFieldNumber).FullName] = MaxAdvisoryBytes,
        [ImportAssetsCsvRequest.Descriptor.FindFieldByNumber(ImportAssetsCsvRequest.MappingFieldNumber).FullName] = AssetCsvMappingReader.MaxCharacters,
        [AssertMfaRequest.Descriptor.FindFieldByNumber(AssertMfaRequest.IdTokenFieldNumber).FullName] = MaxIdTokenBytes,
        [RevokeTokenRequest.Descriptor.FindFieldByNumber(RevokeTokenRequest.TokenIdFieldNumber).FullName] = Security.CredentialApiService.MaxTokenIdLength,
    };

    /// <summary>
    /// Repeated fields with a count limit of their own. A telemetry batch holds up to
    /// <see cref="TelemetryLimits.MaxBatchEvents"/> events; a larger one is refused by the service itself, in its
    /// acknowledgement (<see cref="AnsweredByService"/>), so the stream goes on.
    /// </summary>
    private static readonly Dictionary<string, int> ExplicitEntries = new(StringComparer.Ordinal)
    {
        [IngestBatch.Descriptor.FindFieldByNumber(IngestBatch.EventsFieldNumber).FullName] = TelemetryLimits.MaxBatchEvents,
    };

    /// <summary>
    /// Repeated fields whose service answers a count over the limit itself (an oversize telemetry batch is refused in
    /// its acknowledgement and counted): over it, the walk neither refuses nor reads their entries.
    /// </summary>
    private static readonly HashSet<string> AnsweredByService = new(StringComparer.Ordinal)
    {
        IngestBatch.Descriptor.FindFieldByNumber(IngestBatch.EventsFieldNumber).FullName,
    };

    /// <summary>Documents whose size limit is a documented resource limit (RESOURCE_EXHAUSTED), not a typo's.</summary>
    private static readonly HashSet<string> SizeLimited = new(StringComparer.Ordinal)
    {
        ApplyFleetRequest.Descriptor.FindFieldByNumber(ApplyFleetRequest.DocumentFieldNumber).FullName,
        ImportAssetsCsvRequest.Descriptor.FindFieldByNumber(ImportAssetsCsvRequest.CsvFieldNumber).FullName,
        ImportAdvisoryRequest.Descriptor.FindFieldByNumber(ImportAdvisoryRequest.DocumentFieldNumber).FullName,
    };

    /// <summary>Throws a refusal naming every field over its limit (at most <see cref="MaxViolations"/>); returns when none is.</summary>
    public static void Enforce(IMessage request)
    {
        var found = new List<(Violation Violation, bool TooLarge)>();
        Walk(request, string.Empty, found);
        if (found.Count == 0)
        {
            return;
        }

        if (found.FirstOrDefault(f => f.TooLarge) is { Violation: { } tooLarge })
        {
            throw new LimitExceededException($"Request too large: {tooLarge.Field} {tooLarge.Description}") { Reason = "TOO_LARGE" };
        }

        var violations = found.Select(f => f.Violation).ToList();
        throw violations.Count == 1
            ? InvalidRequestException.Field(violations[0].Field, violations[0].Description)
            : new InvalidRequestException($"Invalid request: {violations.Count} fields are too long; see the field violations.", violations);
    }

    /// <summary>The most characters (or, for a document, UTF-8 bytes) a string or bytes field may hold.</summary>
    public static int MaxLengthOf(FieldDescriptor field) =>
        Explicit.TryGetValue(field.FullName, out var document) ? document
        : IsId(field.Name) ? EntityId.MaxLength
        : DefaultMaxLength;

    /// <summary>The most entries a repeated or map field may hold.</summary>
    public static int MaxEntriesOf(FieldDescriptor field) =>
        field.IsMap ? MaxMapEntries : ExplicitEntries.TryGetValue(field.FullName, out var max) ? max : DefaultMaxEntries;

    private static bool IsId(string name) =>
        name == "id" || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal);

    private static void Walk(IMessage message, string prefix, List<(Violation, bool)> found)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (found.Count >= MaxViolations)
            {
                return;
            }

            // Numbers, booleans and enums have no length: not read at all (reading them would box every one, on every
            // call, Check and BatchCheck included).
            if (!field.IsRepeated && field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message))
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var map = (IDictionary)value;
                var path = new FieldPath(prefix, field.Name);
                if (!CountFits(field, path, map.Count, found))
                {
                    continue;
                }

                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                var index = 0;
                foreach (DictionaryEntry entry in map)
                {
                    var entryPath = $"{path}[{(entry.Key is string key ? Echo.Key(key) : index.ToString(CultureInfo.InvariantCulture))}]";
                    Check(keyField, field, new FieldPath(string.Empty, $"{entryPath} (key)"), entry.Key, found);
                    Check(valueField, field, new FieldPath(string.Empty, entryPath), entry.Value, found);
                    index++;
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                if (!CountFits(field, new FieldPath(prefix, field.Name), list.Count, found))
                {
                    continue;
                }

                if (field.FieldType is not (FieldType.String or FieldType.Bytes or FieldType.Message))
                {
                    continue;
                }

                for (var i = 0; i < list.Count && found.Count < MaxViolations; i++)
                {
                    Check(field, field, new FieldPath(prefix, field.Name, i), list[i], found);
                }
            }
            else
            {
                Check(field, field, new FieldPath(prefix, field.Name), value, found);
            }
        }
    }

    private static bool CountFits(FieldDescriptor field, FieldPath path, int count, List<(Violation, bool)> found)
    {
        var max = MaxEntriesOf(field);
        if (count <= max)
        {
            return true;
        }

        if (AnsweredByService.Contains(field.FullName))
        {
            return false;
        }

        found.Add((new Violation(path.ToString(), $"has {count.ToString(CultureInfo.InvariantCulture)} entries; at most {max.ToString(CultureInfo.InvariantCulture)}"), false));
        return false;
    }

    /// <param name="field">The field that gives the value its type (a map's key or value field).</param>
    /// <param name="owner">The field that gives the limit (the map itself for its keys and values).</param>
    private static void Check(FieldDescriptor field, FieldDescriptor owner, FieldPath path, object? value, List<(Violation, bool)> found)
    {
        switch (value)
        {
            case string text:
                CheckLength(owner, path, text.Length, text, "characters", found);
                break;
            case ByteString bytes:
                CheckLength(owner, path, bytes.Length, null, "bytes", found);
                break;
            case IMessage nested when field.FieldType == FieldType.Message:
                Walk(nested, path + ".", found);
                break;
        }
    }

    /// <param name="text">The value when it is text (its UTF-8 size is counted only when it may matter); null for bytes.</param>
    private static void CheckLength(FieldDescriptor owner, FieldPath path, int length, string? text, string unit, List<(Violation, bool)> found)
    {
        if (Explicit.TryGetValue(owner.FullName, out var maxBytes))
        {
            // A document's limit is in UTF-8 bytes, as the readers count it; a string is never more bytes than 3 per char.
            int Bytes() => text is null ? length : Encoding.UTF8.GetByteCount(text);
            if (length > maxBytes || (length * 3L > maxBytes && Bytes() > maxBytes))
            {
                found.Add((
                    new Violation(path.ToString(), $"is {Bytes().ToString(CultureInfo.InvariantCulture)} bytes long; at most {maxBytes.ToString(CultureInfo.InvariantCulture)} ({Size(maxBytes)})"),
                    SizeLimited.Contains(owner.FullName)));
            }

            return;
        }

        var max = MaxLengthOf(owner);
        if (length > max)
        {
            found.Add((new Violation(path.ToString(), $"is {length.ToString(CultureInfo.InvariantCulture)} {unit} long; at most {max.ToString(CultureInfo.InvariantCulture)}"), false));
        }
    }

    /// <summary>
    /// Where a value sits (<c>checks[3].asset_id</c>), spelled only when a violation or a nested message needs it: the
    /// walk runs on every call, and a batch of a thousand checks should not build a thousand paths to find nothing.
    /// </summary>
    private readonly record struct FieldPath(string Prefix, string Name, int Index = -1)
    {
        public static string operator +(FieldPath path, string suffix) => path.ToString() + suffix;

        public override string ToString() =>
            Index < 0 ? Prefix + Name : $"{Prefix}{Name}[{Index.ToString(CultureInfo.InvariantCulture)}]";
    }

    private static string Size(int bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB"
        : $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB";
}
