using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Tests.Policy.Versions;

/// <summary>
/// The document hash of docs/fleet-versions.md ("Recomputing the hash") written again from the page, without
/// ZtFleet's code: what a third party would run on the text GetFleetVersion returns.
/// </summary>
internal static class IndependentDocumentHash
{
    public static string Of(string document)
    {
        var parts = new List<StringBuilder> { new() };
        var section = "head";
        var items = 0;
        foreach (var line in document.Split('\n').SkipLast(1).Select(l => l + "\n"))
        {
            var startsPart = section switch
            {
                "plants" when line.StartsWith("identities:", StringComparison.Ordinal) => true,
                "plants" => line.StartsWith("- ", StringComparison.Ordinal),
                "identities" => line.StartsWith("- ", StringComparison.Ordinal) && items++ > 0 && Sha256(line[..^1])[0] == 0,
                _ => false,
            };
            if (startsPart)
            {
                parts.Add(new StringBuilder());
            }

            parts[^1].Append(line);
            if (section == "head" && line.StartsWith("plants:", StringComparison.Ordinal))
            {
                section = "plants";
                parts.Add(new StringBuilder());
            }
            else if (section == "plants" && line.StartsWith("identities:", StringComparison.Ordinal))
            {
                section = "identities";
            }
        }

        var list = string.Concat(parts.Where(p => p.Length > 0).Select(p => Convert.ToHexStringLower(Sha256(p.ToString())) + "\n"));
        return Convert.ToHexStringLower(Sha256(list));
    }

    private static byte[] Sha256(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
