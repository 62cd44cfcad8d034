namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>
/// The ATT&amp;CK for ICS techniques the plant-wide detectors name. Kept apart from the asset-level catalogue
/// (<c>AttackForIcs</c>) so both can be written in parallel; the ids and names are ATT&amp;CK's, so merging the two
/// catalogues changes no detection.
/// </summary>
public static class PlantTechniques
{
    /// <summary>T0846 Remote System Discovery: a source reaching many destinations or ports (scanning).</summary>
    public static AttackTechnique RemoteSystemDiscovery { get; } = new("T0846", "Remote System Discovery");

    /// <summary>T0848 Rogue Master: a host no asset is sending OT operations.</summary>
    public static AttackTechnique RogueMaster { get; } = new("T0848", "Rogue Master");

    /// <summary>T0859 Valid Accounts: repeated failures, a lockout, or an account used outside its shift.</summary>
    public static AttackTechnique ValidAccounts { get; } = new("T0859", "Valid Accounts");
}
