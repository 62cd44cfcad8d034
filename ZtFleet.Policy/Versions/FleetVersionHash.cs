using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Versions;

/// <summary>
/// The hash that names a fleet version's document: SHA-256 of the document text exactly as
/// <see cref="Inventory.FleetDocumentWriter.ToYaml"/> writes it (UTF-8, no byte order mark), as 64 lowercase hex
/// digits. The writer is deterministic, so two versions hash alike exactly when they hold the same fleet; anyone can
/// check it with <c>sha256sum</c> on the text <c>GetFleetVersion</c> returns.
/// </summary>
public static class FleetVersionHash
{
    /// <summary>The hash of <paramref name="documentText"/>.</summary>
    public static string Of(string documentText)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(documentText)));
    }
}
