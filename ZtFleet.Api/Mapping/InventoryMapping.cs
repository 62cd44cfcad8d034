using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Mapping;

/// <summary>Pure-core inventory records to their protobuf messages. The enums share numeric values by design.</summary>
public static class InventoryMapping
{
    /// <param name="zones">The plant's zones: an asset names its zone's Purdue level.</param>
    public static Proto.Asset ToProto(this AssetSpec asset, PlantId plant, IReadOnlyList<ZoneSpec> zones)
    {
        var zone = zones.FirstOrDefault(z => z.Id == asset.Zone);
        var message = new Proto.Asset
        {
            PlantId = plant.Value,
            AssetId = asset.Id.Value,
            Name = asset.Name,
            ZoneId = asset.Zone.Value,
            Type = (Proto.AssetType)(int)asset.Type,
            Vendor = asset.Vendor ?? string.Empty,
            Model = asset.Model ?? string.Empty,
            Firmware = asset.Firmware ?? string.Empty,
            Serial = asset.Serial ?? string.Empty,
            Ip = asset.Ip ?? string.Empty,
            Mac = asset.Mac ?? string.Empty,
            Criticality = asset.Criticality,
            SafetyRelated = asset.SafetyRelated,
            Owner = asset.Owner ?? string.Empty,
            PurdueLevel = zone is null ? string.Empty : FormatPurdue(zone.PurdueLevel),
            UsedByIdentityId = asset.UsedBy?.Value ?? string.Empty,
        };
        message.Vulnerabilities.AddRange(asset.Vulnerabilities);
        return message;
    }

    public static Proto.Zone ToProto(this ZoneSpec zone, int assets) => new()
    {
        ZoneId = zone.Id.Value,
        Name = zone.Name,
        Kind = (Proto.ZoneKind)(int)zone.Kind,
        PurdueLevel = FormatPurdue(zone.PurdueLevel),
        SecurityLevelTarget = zone.SecurityLevelTarget,
        Assets = assets,
        FailMode = Kebab(zone.FailMode),
        FailStaticMinutes = zone.FailStaticMinutes ?? 0,
    };

    public static Proto.Conduit ToProto(this ConduitSpec conduit)
    {
        var message = new Proto.Conduit
        {
            ConduitId = conduit.Id.Value,
            FromZoneId = conduit.From.Value,
            ToZoneId = conduit.To.Value,
            Protocol = Kebab(conduit.Protocol),
            Port = conduit.Port,
            Direction = Kebab(conduit.Direction),
        };
        message.Operations.AddRange(conduit.Operations);
        message.FromAssetTypes.AddRange(conduit.FromAssetTypes.Select(t => Kebab(t)));
        message.FromAssetIds.AddRange(conduit.FromAssets.Select(a => a.Value));
        message.ToAssetTypes.AddRange(conduit.ToAssetTypes.Select(t => Kebab(t)));
        message.ToAssetIds.AddRange(conduit.ToAssets.Select(a => a.Value));
        if (conduit.Conditions is { IsNone: false } conditions)
        {
            message.Conditions = new Proto.ConduitConditions { MaintenanceWindow = conditions.MaintenanceWindow, ActiveGrant = conditions.ActiveGrant };
            message.Conditions.Roles.AddRange(conditions.Roles ?? []);
        }

        return message;
    }

    public static Proto.Flow ToProto(this FlowSpec flow)
    {
        var message = new Proto.Flow
        {
            FlowId = flow.Id.Value,
            FromAssetId = flow.From.Value,
            ToAssetId = flow.To.Value,
            Protocol = Kebab(flow.Protocol),
            Port = flow.Port,
            Purpose = flow.Purpose,
        };
        message.Operations.AddRange(flow.Operations ?? []);
        return message;
    }

    public static Proto.EntityChange ToProto(this EntityChange change)
    {
        var message = new Proto.EntityChange
        {
            Change = (Proto.ChangeKind)(int)change.Change,
            Kind = (Proto.EntityKind)(int)change.Kind,
            PlantId = change.PlantId ?? string.Empty,
            Id = change.Id,
        };
        message.ChangedFields.AddRange(change.ChangedFields);
        return message;
    }

    private static string FormatPurdue(PurdueLevel level) =>
        InventoryVocabulary.TryName(level, out var name) ? name : string.Empty;

    private static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        InventoryVocabulary.TryName(value, out var name) ? name : string.Empty;
}
