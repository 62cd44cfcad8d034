using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Versions;

/// <summary>
/// How a fleet document, as <see cref="Inventory.FleetDocumentWriter.ToYaml"/> writes it, splits into the parts a
/// fleet version stores (docs/fleet-versions.md, "Parts"). The rule reads lines only, so anyone can apply it to the
/// text <c>GetFleetVersion</c> returns: the parts are runs of whole lines that concatenate to the document.
/// <list type="number">
/// <item>The head: every line up to and including the first line that starts with <c>plants:</c>.</item>
/// <item>One part per plant: from each line that starts with <c>- </c> up to the next such line or the line that
/// starts with <c>identities:</c>.</item>
/// <item>The identities in chunks: the first chunk starts at the <c>identities:</c> line; after the chunk's first
/// item, a line that starts with <c>- </c> starts a new chunk when the SHA-256 of that line (UTF-8, without its line
/// break) begins with the byte <c>00</c>. Chunks hold 256 identities on average, and their boundaries depend on the
/// identities' ids only, so adding or removing an identity changes one chunk (two when it starts one).</item>
/// </list>
/// </summary>
public static class FleetDocumentParts
{
    /// <summary>The parts of <paramref name="documentText"/>, in order.</summary>
    public static IReadOnlyList<string> Split(string documentText)
    {
        ArgumentNullException.ThrowIfNull(documentText);
        var parts = new List<string>();
        var part = new StringBuilder();
        var section = 0; // 0 head, 1 plants, 2 identities
        var items = 0;
        foreach (var line in Lines(documentText))
        {
            switch (section)
            {
                case 0:
                    part.Append(line);
                    if (line.StartsWith("plants:", StringComparison.Ordinal))
                    {
                        Flush(parts, part);
                        section = 1;
                    }

                    continue;
                case 1 when line.StartsWith("identities:", StringComparison.Ordinal):
                    Flush(parts, part);
                    section = 2;
                    break;
                case 1 when line.StartsWith("- ", StringComparison.Ordinal):
                    Flush(parts, part);
                    break;
                case 2 when line.StartsWith("- ", StringComparison.Ordinal):
                    if (items > 0 && StartsChunk(line))
                    {
                        Flush(parts, part);
                    }

                    items++;
                    break;
            }

            part.Append(line);
        }

        Flush(parts, part);
        return parts;
    }

    /// <summary>
    /// Splits consecutive identity items (optionally opened by the <c>identities:</c> line) into chunks by rule 3,
    /// with how many items each chunk holds.
    /// </summary>
    public static IReadOnlyList<(string Text, int Items)> SplitIdentityItems(string itemsText)
    {
        ArgumentNullException.ThrowIfNull(itemsText);
        var chunks = new List<(string, int)>();
        var part = new StringBuilder();
        var items = 0;
        foreach (var line in Lines(itemsText))
        {
            if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                if (items > 0 && StartsChunk(line))
                {
                    chunks.Add((part.ToString(), items));
                    part.Clear();
                    items = 0;
                }

                items++;
            }

            part.Append(line);
        }

        if (part.Length > 0)
        {
            chunks.Add((part.ToString(), items));
        }

        return chunks;
    }

    /// <summary>SHA-256 of <paramref name="text"/> as UTF-8, 64 lowercase hex digits.</summary>
    public static string HashOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The document hash of a document with these part hashes, in order: SHA-256 of the part hashes, each as 64
    /// lowercase hex digits followed by a line feed (what <c>sha256sum</c> prints for a file listing them one a line).
    /// </summary>
    public static string Root(IEnumerable<string> partHashes)
    {
        ArgumentNullException.ThrowIfNull(partHashes);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in partHashes)
        {
            hash.AppendData(Encoding.ASCII.GetBytes(part + "\n"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Rule 3: the line (without its line break) hashes to a digest whose first byte is 0.
    private static bool StartsChunk(string line)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(line.TrimEnd('\n')), digest);
        return digest[0] == 0;
    }

    private static void Flush(List<string> parts, StringBuilder part)
    {
        if (part.Length > 0)
        {
            parts.Add(part.ToString());
            part.Clear();
        }
    }

    private static IEnumerable<string> Lines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            end = end < 0 ? text.Length : end + 1;
            yield return text[start..end];
            start = end;
        }
    }
}
