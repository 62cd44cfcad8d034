using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// The version check of a ruleset text between the control plane and an enforcement point: the lower-case hex SHA-256
/// of its UTF-8 bytes, as <c>GetRuleset</c>, <c>Watch</c> and <c>Ack</c> carry it.
/// </summary>
public static class RulesetHash
{
    /// <summary>The hash of <paramref name="text"/>.</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
