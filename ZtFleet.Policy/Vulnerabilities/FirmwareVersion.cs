using System.Globalization;
using System.Text.RegularExpressions;

namespace ZtFleet.Policy.Vulnerabilities;

/// <summary>
/// A firmware or software version as vendors spell it, made comparable: <c>V2.9.4</c>, <c>SV3.10</c>, <c>4.4.1</c>,
/// <c>V7.5 SP2 Update 12</c>, <c>2210 Update 4</c>, <c>1.0.0-rc1</c>.
/// </summary>
/// <remarks>
/// The first run of dot-separated numbers is the release (any letters before it, such as <c>V</c>, <c>SV</c>, <c>FW</c>,
/// are ignored; missing parts count as 0, so <c>V3.1</c> equals <c>3.1.0</c>); numbers compare as numbers (<c>3.10</c>
/// is after <c>3.9</c>). After it, a pre-release word (<c>alpha</c>, <c>beta</c>, <c>rc</c>, <c>dev</c>, <c>pre</c>)
/// puts the version before its release, then <c>SP n</c> (service pack) and <c>Update n</c> / <c>Upd n</c> count in that
/// order. A text without a digit is not a version.
/// </remarks>
public sealed partial class FirmwareVersion : IComparable<FirmwareVersion>, IEquatable<FirmwareVersion>
{
    private readonly long[] _release;
    private readonly int _pre;
    private readonly long _servicePack;
    private readonly long _update;

    private FirmwareVersion(string text, long[] release, int pre, long servicePack, long update)
    {
        Text = text;
        _release = release;
        _pre = pre;
        _servicePack = servicePack;
        _update = update;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>Reads <paramref name="text"/>; false when it holds no version.</summary>
    public static bool TryParse(string? text, out FirmwareVersion version)
    {
        version = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var lower = text.Trim().ToLowerInvariant();
        var release = Release().Match(lower);
        if (!release.Success)
        {
            return false;
        }

        var parts = new List<long>();
        foreach (var part in release.Value.Split('.'))
        {
            if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            parts.Add(number);
        }

        while (parts.Count > 1 && parts[^1] == 0)
        {
            parts.RemoveAt(parts.Count - 1);
        }

        var rest = lower[(release.Index + release.Length)..];
        var pre = PreRelease().IsMatch(rest) ? -1 : 0;
        var servicePack = Number(ServicePack().Match(rest));
        var update = Number(Update().Match(rest));
        version = new FirmwareVersion(text.Trim(), [.. parts], pre, servicePack, update);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(FirmwareVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < Math.Max(_release.Length, other._release.Length); i++)
        {
            var compared = At(_release, i).CompareTo(At(other._release, i));
            if (compared != 0)
            {
                return compared;
            }
        }

        var byPre = _pre.CompareTo(other._pre);
        if (byPre != 0)
        {
            return byPre;
        }

        var bySp = _servicePack.CompareTo(other._servicePack);
        return bySp != 0 ? bySp : _update.CompareTo(other._update);
    }

    /// <inheritdoc />
    public bool Equals(FirmwareVersion? other) => CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FirmwareVersion other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var part in _release)
        {
            hash.Add(part);
        }

        hash.Add(_pre);
        hash.Add(_servicePack);
        hash.Add(_update);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static long At(long[] parts, int i) => i < parts.Length ? parts[i] : 0;

    private static long Number(Match match) =>
        match.Success && long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    [GeneratedRegex(@"\d+(?:\.\d+)*")]
    private static partial Regex Release();

    [GeneratedRegex(@"^[\s\-_.+]*(?:alpha|beta|rc|dev|pre)")]
    private static partial Regex PreRelease();

    [GeneratedRegex(@"\bsp\s*(?<n>\d+)")]
    private static partial Regex ServicePack();

    [GeneratedRegex(@"\b(?:update|upd)\s*(?<n>\d+)")]
    private static partial Regex Update();
}
