using System.Text;

namespace ZtFleet.Api.Security;

/// <summary>
/// The key that signs and checks bearer tokens (HMAC-SHA256), and the one rule that decides whether a configured key
/// may be used. Used by <see cref="AuthOptionsValidator"/> at start and by <see cref="TokenCommand"/>.
/// </summary>
/// <remarks>
/// <para>Format: <c>base64:</c> followed by standard base64 is that many random bytes (recommended:
/// <c>echo "base64:$(openssl rand -base64 32)"</c>); any other text is its UTF-8 bytes.</para>
/// <para>A key needs at least <see cref="MinimumBytes"/> bytes of key material, an estimate of at least
/// <see cref="MinimumEstimatedBits"/> bits (its length times the Shannon entropy of its byte frequencies) and at
/// least <see cref="MinimumDistinctPairs"/> distinct adjacent byte pairs. This cannot tell a random key from a
/// memorable phrase; it refuses keys that are obviously not random (one character repeated, a short word or run of
/// digits repeated), since repeated characters add length, not secrecy.</para>
/// <para>The well-known <see cref="Development"/> key is in this repository: it is refused outside Development.</para>
/// </remarks>
public static class SigningKey
{
    /// <summary>Prefix of a key given as base64-encoded bytes.</summary>
    public const string Base64Prefix = "base64:";

    /// <summary>HMAC-SHA256 takes a key of the hash's size: 32 bytes.</summary>
    public const int MinimumBytes = 32;

    /// <summary>
    /// The least estimated entropy of a key, in bits. 32 random hex digits (128 real bits) estimate at 91 or more,
    /// 32 random bytes at 140 or more; 32 bytes of "password" repeated, 88.
    /// </summary>
    public const double MinimumEstimatedBits = 90;

    /// <summary>
    /// The least number of distinct adjacent byte pairs: a key that repeats a pattern of fewer bytes has fewer,
    /// however long it is.
    /// </summary>
    public const int MinimumDistinctPairs = 16;

    /// <summary>The development key in this repository's Development settings. Anyone can read it.</summary>
    public const string Development = "ztfleet-local-development-signing-key-not-for-production";

    /// <summary>What to do about a refused key; part of every refusal.</summary>
    public const string Remedy =
        "Set " + AuthOptions.Section + ":SigningKey (environment variable ZtFleet__Auth__SigningKey) to a random key, "
        + "for example \"base64:$(openssl rand -base64 32)\".";

    /// <summary>The key material of <paramref name="configured"/>. Throws <see cref="FormatException"/> when it is not usable at all.</summary>
    public static byte[] Decode(string configured)
    {
        if (!configured.StartsWith(Base64Prefix, StringComparison.Ordinal))
        {
            return Encoding.UTF8.GetBytes(configured);
        }

        try
        {
            return Convert.FromBase64String(configured[Base64Prefix.Length..].Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"The signing key starts with '{Base64Prefix}' but the rest is not valid base64.");
        }
    }

    /// <summary>
    /// Why <paramref name="configured"/> may not sign tokens, or null when it may. The development key is allowed
    /// only when <paramref name="isDevelopment"/>.
    /// </summary>
    public static string? Problem(string? configured, bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"No signing key is configured. {Remedy}";
        }

        byte[] bytes;
        try
        {
            bytes = Decode(configured);
        }
        catch (FormatException ex)
        {
            return $"{ex.Message} {Remedy}";
        }

        // Containing it is enough: the development key with a trailing newline (a secret read from a file) or any
        // suffix is just as well known.
        if (bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Development)) >= 0)
        {
            return isDevelopment
                ? null
                : $"The signing key is the well-known development key from this repository's settings: anyone could sign an administrator's token. It is accepted only in the Development environment. {Remedy}";
        }

        if (bytes.Length < MinimumBytes)
        {
            return $"The signing key has {bytes.Length} bytes of key material; at least {MinimumBytes} are needed (a text key counts its UTF-8 bytes). {Remedy}";
        }

        var bits = EstimatedBits(bytes);
        if (bits < MinimumEstimatedBits)
        {
            return $"The signing key is not random enough: its {bytes.Length} bytes repeat a few values (about {bits:F0} bits of entropy estimated; at least {MinimumEstimatedBits:F0} are needed). {Remedy}";
        }

        if (DistinctPairs(bytes) < MinimumDistinctPairs)
        {
            return $"The signing key is not random enough: it repeats a short pattern ({DistinctPairs(bytes)} distinct pairs of adjacent bytes; at least {MinimumDistinctPairs} are needed). {Remedy}";
        }

        return null;
    }

    /// <summary>How many distinct pairs of adjacent bytes <paramref name="bytes"/> holds.</summary>
    public static int DistinctPairs(ReadOnlySpan<byte> bytes)
    {
        var pairs = new HashSet<int>();
        for (var i = 1; i < bytes.Length; i++)
        {
            pairs.Add((bytes[i - 1] << 8) | bytes[i]);
        }

        return pairs.Count;
    }

    /// <summary>Length times the Shannon entropy of the byte frequencies of <paramref name="bytes"/>.</summary>
    public static double EstimatedBits(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[256];
        foreach (var b in bytes)
        {
            counts[b]++;
        }

        var perByte = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / bytes.Length;
                perByte -= p * Math.Log2(p);
            }
        }

        return perByte * bytes.Length;
    }
}
