using Google.Protobuf;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Inventory;
using LimitExceededException = ZtFleet.Grains.Refusals.LimitExceededException;

namespace ZtFleet.Tests.Api.Validation;

/// <summary>The request-limits walk over real request messages, without a server.</summary>
public sealed class RequestLimitsTests
{
    private const int FiveMegabytes = 5 * 1024 * 1024;

    [Fact]
    public void A_5_MB_id_is_refused_with_its_length()
    {
        var ex = Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(new GetAssetRequest { PlantId = new string('x', FiveMegabytes), AssetId = "plc-1" }));

        var violation = Assert.Single(ex.Violations);
        Assert.Equal(new Violation("plant_id", "is 5242880 characters long; at most 63"), violation);
        Assert.True(ex.Message.Length < 100, ex.Message);
    }

    [Fact]
    public void Nested_and_repeated_fields_are_named_by_their_path()
    {
        var batch = new BatchCheckRequest { PlantId = "berlin" };
        batch.Checks.Add(new CheckRequest { IdentityId = "jdoe", AssetId = "plc-1" });
        batch.Checks.Add(new CheckRequest { IdentityId = "jdoe", AssetId = new string('a', 64) });
        var flow = new CheckFlowRequest { PlantId = "berlin", Source = new FlowEndpoint { Address = new string('1', 2000) } };
        var access = new RequestAccessRequest { RequestId = "r" };
        access.ZoneIds.Add(new string('z', 100));

        Assert.Equal("checks[1].asset_id", Assert.Single(Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(batch)).Violations).Field);
        Assert.Equal(
            new Violation("source.address", $"is 2000 characters long; at most {RequestLimits.DefaultMaxLength}"),
            Assert.Single(Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(flow)).Violations));
        Assert.Equal("zone_ids[0]", Assert.Single(Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(access)).Violations).Field);
    }

    [Fact]
    public void Too_many_entries_are_refused_before_their_contents_are_read()
    {
        var access = new RequestAccessRequest { RequestId = "r" };
        access.AssetIds.AddRange(Enumerable.Repeat(new string('a', 10_000), RequestLimits.DefaultMaxEntries + 1));
        var import = new ImportAssetsCsvRequest { PlantId = "berlin", Csv = "id" };
        import.ColumnMapping.Add(new string('k', 5000), "Name");

        var entries = Assert.Single(Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(access)).Violations);
        var key = Assert.Single(Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(import)).Violations);

        Assert.Equal(new Violation("asset_ids", "has 1001 entries; at most 1000"), entries);
        Assert.StartsWith("column_mapping['kkkk", key.Field, StringComparison.Ordinal);
        Assert.EndsWith("(key)", key.Field, StringComparison.Ordinal);
        Assert.True(key.Field.Length < 120, key.Field);
    }

    [Fact]
    public void Many_long_fields_are_listed_up_to_a_bound()
    {
        var access = new RequestAccessRequest { RequestId = "r" };
        access.AssetIds.AddRange(Enumerable.Repeat(new string('a', 64), 500));

        var ex = Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(access));

        Assert.Equal(RequestLimits.MaxViolations, ex.Violations.Count);
    }

    [Fact]
    public void A_document_over_its_size_limit_is_too_large_not_invalid()
    {
        var document = new ApplyFleetRequest { Document = new string('#', FleetDocumentReader.MaxDocumentBytes + 1) };
        var multibyte = new ImportAssetsCsvRequest { PlantId = "berlin", Csv = new string('€', (AssetCsvReader.MaxBytes / 3) + 1) };

        var ex = Assert.Throws<LimitExceededException>(() => RequestLimits.Enforce(document));
        var csv = Assert.Throws<LimitExceededException>(() => RequestLimits.Enforce(multibyte));

        Assert.Equal("TOO_LARGE", ex.Reason);
        Assert.Equal("Request too large: document is 8388609 bytes long; at most 8388608 (8 MiB)", ex.Message);
        Assert.Contains("csv is 8388609 bytes long", csv.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Documents_and_tokens_have_their_own_larger_limits()
    {
        RequestLimits.Enforce(new ApplyFleetRequest { Document = new string('#', 1_000_000) });
        RequestLimits.Enforce(new AssertMfaRequest { IdToken = new string('e', 10_000) });
        RequestLimits.Enforce(new QuarantineAssetRequest { QuarantineId = "q-1", PlantId = "berlin", AssetId = "plc-1", Reason = new string('r', 1000) });

        var token = Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(new AssertMfaRequest { IdToken = new string('e', RequestLimits.MaxIdTokenBytes + 1) }));
        var justification = Assert.Throws<InvalidRequestException>(() => RequestLimits.Enforce(new RequestAccessRequest { Justification = new string('j', 1025) }));

        Assert.Equal("id_token", Assert.Single(token.Violations).Field);
        Assert.Equal("justification", Assert.Single(justification.Violations).Field);
    }

    [Fact]
    public void Every_request_message_of_the_api_is_walkable()
    {
        // Every request type the services take, empty: nothing is too long, and nothing in the walk throws.
        var requests = typeof(ApplyFleetRequest).Assembly.GetTypes()
            .Where(t => t.Namespace == "ZtFleet.Api.V1" && t.Name.EndsWith("Request", StringComparison.Ordinal) && typeof(IMessage).IsAssignableFrom(t))
            .Select(t => (IMessage)Activator.CreateInstance(t)!)
            .ToList();

        Assert.True(requests.Count > 30, $"{requests.Count} request types");
        foreach (var request in requests)
        {
            RequestLimits.Enforce(request);
        }
    }
}
