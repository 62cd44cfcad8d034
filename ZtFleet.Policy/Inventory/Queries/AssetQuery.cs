using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>Lists the assets of a plant that match an <see cref="AssetFilter"/>.</summary>
public static class AssetQuery
{
    /// <summary>The matching assets, in the plant's order.</summary>
    public static IEnumerable<AssetSpec> Filter(PlantSpec plant, AssetFilter filter)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(filter);
        IEnumerable<AssetSpec> assets = plant.Assets ?? [];
        if (filter.Zone is not null)
        {
            // An id that cannot exist matches nothing rather than failing: the filter is a search, not a command.
            if (!ZoneId.TryParse(filter.Zone, out var zone))
            {
                return [];
            }

            assets = assets.Where(a => a.Zone == zone);
        }

        if (filter.PurdueLevel is { } level)
        {
            var zones = (plant.Zones ?? []).Where(z => z.PurdueLevel == level).Select(z => z.Id).ToHashSet();
            assets = assets.Where(a => zones.Contains(a.Zone));
        }

        if (filter.Type is { } type)
        {
            assets = assets.Where(a => a.Type == type);
        }

        if (filter.MinCriticality is { } minimum)
        {
            assets = assets.Where(a => a.Criticality >= minimum);
        }

        if (filter.SafetyRelated is { } safety)
        {
            assets = assets.Where(a => a.SafetyRelated == safety);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            assets = assets.Where(a => Matches(a, text));
        }

        return assets;
    }

    private static bool Matches(AssetSpec asset, string text)
    {
        return Has(asset.Id.Value) || Has(asset.Name) || Has(asset.Vendor) || Has(asset.Model) || Has(asset.Firmware)
            || Has(asset.Serial) || Has(asset.Ip) || Has(asset.Mac) || Has(asset.Owner)
            || (asset.Vulnerabilities ?? []).Any(Has);

        bool Has(string? value) => value?.Contains(text, StringComparison.OrdinalIgnoreCase) == true;
    }
}
