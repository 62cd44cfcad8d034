using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Canonical forms of the addresses an asset carries, so that duplicates are found whatever spelling an export used:
/// IPv4 as a dotted quad, IPv6 as <see cref="IPAddress.ToString"/> prints it, MAC as upper-case colon-separated pairs.
/// </summary>
public static class NetworkAddress
{
    /// <summary>
    /// Parses an IP address and returns its canonical text. IPv4 must be a full dotted quad of decimal octets without
    /// leading zeros: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone would accept <c>10.1</c> or
    /// <c>0x0a.1.2.3</c>, which nobody means in an inventory. IPv6 scope ids (<c>%eth0</c>) are refused: they name an
    /// interface of one host, not an address of the asset.
    /// </summary>
    public static bool TryCanonicalIp(string? text, out string canonical)
    {
        canonical = string.Empty;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value) || value.Contains('%'))
        {
            return false;
        }

        if (value.Contains(':'))
        {
            if (IPAddress.TryParse(value, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                canonical = v6.ToString();
                return true;
            }

            return false;
        }

        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit)
                || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        canonical = value;
        return true;
    }

    /// <summary>
    /// Parses a MAC address written <c>00:1b:1b:12:34:56</c>, <c>00-1B-1B-12-34-56</c> or Cisco-dotted
    /// <c>001b.1b12.3456</c> and returns it as <c>00:1B:1B:12:34:56</c>.
    /// </summary>
    public static bool TryCanonicalMac(string? text, out string canonical)
    {
        canonical = string.Empty;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        string hex;
        if (value.Length == 17 && (IsSeparated(value, ':') || IsSeparated(value, '-')))
        {
            hex = string.Concat(Enumerable.Range(0, 6).Select(i => value.Substring(i * 3, 2)));
        }
        else if (value.Length == 14 && value[4] == '.' && value[9] == '.')
        {
            hex = string.Concat(value.AsSpan(0, 4), value.AsSpan(5, 4), value.AsSpan(10, 4));
        }
        else
        {
            return false;
        }

        if (!hex.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        hex = hex.ToUpperInvariant();
        canonical = string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
        return true;
    }

    private static bool IsSeparated(string value, char separator)
    {
        for (var i = 2; i < value.Length; i += 3)
        {
            if (value[i] != separator)
            {
                return false;
            }
        }

        return true;
    }
}
