using System.Security.Cryptography;
using System.Text;

namespace ZtFleet.Policy.Response.Cacao;

/// <summary>
/// Deterministic CACAO identifiers: <c>&lt;object type&gt;--&lt;UUID v5&gt;</c> (RFC 9562 §5.5, SHA-1) of a name in the
/// ZtFleet CACAO namespace, so the same playbook exports with the same ids every time and a SOAR that imports it again
/// updates rather than duplicates it.
/// </summary>
public static class CacaoIds
{
    /// <summary>The URL namespace of RFC 9562 (<c>6ba7b811-9dad-11d1-80b4-00c04fd430c8</c>).</summary>
    private static readonly Guid UrlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

    /// <summary>The namespace of every ZtFleet CACAO id: the UUID v5 of <c>https://ztfleet.io/cacao</c> in the URL namespace.</summary>
    public static Guid Namespace { get; } = V5(UrlNamespace, "https://ztfleet.io/cacao");

    /// <summary>The CACAO id of the playbook whose fleet document id is <paramref name="playbookId"/>: <c>playbook--</c> and a UUID v5.</summary>
    public static string Playbook(string playbookId) => Of("playbook", $"playbook/{playbookId}");

    /// <summary><c>&lt;type&gt;--</c> and the UUID v5 of <paramref name="name"/> in <see cref="Namespace"/>.</summary>
    public static string Of(string type, string name) => $"{type}--{V5(Namespace, name):D}";

    /// <summary>The name-based UUID (version 5, SHA-1) of <paramref name="name"/> (UTF-8) in <paramref name="space"/>.</summary>
    public static Guid V5(Guid space, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> input = stackalloc byte[16];
        space.TryWriteBytes(input, bigEndian: true, out _);
        var bytes = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        input.CopyTo(bytes);
        Encoding.UTF8.GetBytes(name, bytes.AsSpan(16));
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(bytes, hash);
        var uuid = hash[..16];
        uuid[6] = (byte)((uuid[6] & 0x0F) | 0x50);
        uuid[8] = (byte)((uuid[8] & 0x3F) | 0x80);
        return new Guid(uuid, bigEndian: true);
    }
}
