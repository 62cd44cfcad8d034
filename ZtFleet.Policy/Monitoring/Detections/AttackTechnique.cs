namespace ZtFleet.Policy.Monitoring.Detections;

/// <summary>A technique of MITRE ATT&amp;CK for ICS (<c>T0836</c>, "Modify Parameter").</summary>
/// <param name="Id">The technique id, <c>T0</c> followed by three digits.</param>
/// <param name="Name">Its name as ATT&amp;CK writes it.</param>
public sealed record AttackTechnique(string Id, string Name)
{
    /// <summary>The technique's page: <c>https://attack.mitre.org/techniques/T0836/</c>.</summary>
    public string Url => $"https://attack.mitre.org/techniques/{Id}/";

    /// <summary><c>T0836 Modify Parameter</c>.</summary>
    public override string ToString() => $"{Id} {Name}";
}
