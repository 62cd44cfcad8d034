namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>What a product's version information says.</summary>
public enum VersionRangeKind
{
    /// <summary>Nothing read (default): matches no firmware.</summary>
    Unspecified,

    /// <summary>Every version (no version given, <c>vers:all/*</c>, "All versions").</summary>
    All,

    /// <summary>The versions the constraints describe (one version is one <c>=</c> constraint).</summary>
    Constraints,

    /// <summary>A range whose text could not be read: it matches nothing, and the import warns.</summary>
    Unreadable,
}
