namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>A remediation an advisory names: its category (<c>vendor_fix</c>, <c>workaround</c>, <c>mitigation</c>, <c>no_fix_planned</c>, <c>none_available</c>), what to do and where to read more.</summary>
public sealed record CsafRemediation(string Category, string Details, string? Url)
{
    /// <summary>As one line: <c>vendor_fix: Update to V3.1 or later (https://…)</c>.</summary>
    public override string ToString() => Url is null ? $"{Category}: {Details}" : $"{Category}: {Details} ({Url})";
}
