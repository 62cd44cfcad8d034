using ZtFleet.Api.V1;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using Domain = ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Flows;

/// <summary>Flow requests and decisions between the API and the segmentation core.</summary>
internal static class FlowMapping
{
    /// <summary>The domain request, or INVALID_ARGUMENT with every field violation at once.</summary>
    public static FlowRequest ToDomain(this CheckFlowRequest request)
    {
        var violations = new List<Violation>();
        var source = Endpoint(request.Source, "source", violations);
        var destination = Endpoint(request.Destination, "destination", violations);

        if (!InventoryVocabulary.TryParse<Protocol>(request.Protocol, out var protocol) || protocol == Protocol.Unspecified)
        {
            violations.Add(new Violation("protocol", $"is required and must be one of: {InventoryVocabulary.Allowed<Protocol>()}"));
        }

        if (request.Port is < 0 or > 65535)
        {
            violations.Add(new Violation("port", "must be 1-65535, or 0 for the protocol's default port"));
        }

        if (request.Operation.Length > FlowChecks.MaxOperationLength)
        {
            violations.Add(new Violation("operation", $"must be at most {FlowChecks.MaxOperationLength} characters"));
        }

        IdentityId? identity = null;
        if (request.IdentityId.Length > 0)
        {
            if (IdentityId.TryParse(request.IdentityId, out var id))
            {
                identity = id;
            }
            else
            {
                violations.Add(new Violation("identity_id", EntityId.Describe(request.IdentityId)));
            }
        }

        if (request.AtLeastEpoch < 0)
        {
            violations.Add(new Violation("at_least_epoch", "must not be negative"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid flow check; see the field violations.", violations);
        }

        var port = request.Port == 0 ? ProtocolOperations.DefaultPort(protocol) : request.Port;
        return new FlowRequest(source, destination, protocol, port, request.Operation.Length > 0 ? request.Operation : null, identity);
    }

    /// <summary>The plant and zone of a ruleset request, or INVALID_ARGUMENT with every field violation at once.</summary>
    public static (PlantId Plant, ZoneId Zone) Validate(this GetRulesetRequest request)
    {
        var violations = new List<Violation>();
        if (!PlantId.TryParse(request.PlantId, out var plant))
        {
            violations.Add(new Violation("plant_id", EntityId.Describe(request.PlantId)));
        }

        if (!ZoneId.TryParse(request.ZoneId, out var zone))
        {
            violations.Add(new Violation("zone_id", EntityId.Describe(request.ZoneId)));
        }

        if (request.Format is not (RulesetFormat.Nftables or RulesetFormat.JsonAcl))
        {
            violations.Add(new Violation("format", "is required: NFTABLES or JSON_ACL"));
        }

        if (request.AtLeastEpoch < 0)
        {
            violations.Add(new Violation("at_least_epoch", "must not be negative"));
        }

        Rulesets.CheckProxyPort(request.ModbusProxyPort, request.Format, violations);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid ruleset request; see the field violations.", violations);
        }

        return (plant, zone);
    }

    /// <summary>The wire decision, stamped with the epoch of the view it was decided on.</summary>
    public static V1.FlowDecision ToProto(this Domain.FlowDecision decision, long epoch) =>
        new()
        {
            Allow = decision.IsAllowed,
            Reason = decision.Reason ?? string.Empty,
            RuleId = decision.RuleId ?? string.Empty,
            SourceAssetId = decision.SourceAsset?.Value ?? string.Empty,
            SourceZoneId = decision.SourceZone?.Value ?? string.Empty,
            DestinationAssetId = decision.DestinationAsset?.Value ?? string.Empty,
            DestinationZoneId = decision.DestinationZone?.Value ?? string.Empty,
            Epoch = epoch,
        };

    private static Domain.FlowEndpoint Endpoint(V1.FlowEndpoint? endpoint, string field, List<Violation> violations)
    {
        switch (endpoint?.EndpointCase)
        {
            case V1.FlowEndpoint.EndpointOneofCase.AssetId when AssetId.TryParse(endpoint.AssetId, out var asset):
                return Domain.FlowEndpoint.OfAsset(asset);
            case V1.FlowEndpoint.EndpointOneofCase.AssetId:
                violations.Add(new Violation($"{field}.asset_id", EntityId.Describe(endpoint.AssetId)));
                return default;
            case V1.FlowEndpoint.EndpointOneofCase.Address when NetworkAddress.TryCanonicalIp(endpoint.Address, out var ip) && ip == endpoint.Address:
                return Domain.FlowEndpoint.OfAddress(ip);
            case V1.FlowEndpoint.EndpointOneofCase.Address:
                violations.Add(new Violation($"{field}.address", "must be an IPv4 address as a full dotted quad without leading zeros, or an IPv6 address"));
                return default;
            default:
                violations.Add(new Violation(field, "is required: give asset_id or address"));
                return default;
        }
    }
}
