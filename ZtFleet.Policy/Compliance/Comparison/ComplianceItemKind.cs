namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>What a compared item is (the first segment of its <see cref="ComplianceItem.Key"/>).</summary>
public enum ComplianceItemKind
{
    /// <summary>A zone's achieved level for one foundational requirement (<c>sl/PLANT/ZONE/fr1</c>).</summary>
    ZoneLevel = 1,

    /// <summary>A conduit's achieved level for one foundational requirement (<c>slc/PLANT/CONDUIT/fr1</c>).</summary>
    ConduitLevel = 2,

    /// <summary>A zone's requirement status (<c>req/PLANT/ZONE/SR 1.1</c>).</summary>
    ZoneRequirement = 3,

    /// <summary>A conduit's requirement status (<c>creq/PLANT/CONDUIT/SR 5.1</c>).</summary>
    ConduitRequirement = 4,

    /// <summary>An Annex A control's status (<c>ctl/A.5.15</c>).</summary>
    Control = 5,

    /// <summary>A maturity pillar's stage (<c>mat/Identity</c>).</summary>
    Maturity = 6,
}
