using System.Buffers.Text;
using System.Text.Json;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// What an enrollment token carries besides its scope: the name the administrator gave the enforcement point and
/// who created the token. Both ride in the token's id (<c>jti</c>) as <c>&lt;guid&gt;.&lt;base64url JSON&gt;</c>;
/// the token is signed, so they arrive at <c>Enroll</c> as the administrator wrote them, and the API keeps no
/// state between the two calls.
/// </summary>
internal sealed record EnrollmentTicket(string TokenId, string Name, string CreatedBy, bool Sensor = false)
{
    /// <summary>A new ticket with a fresh unique id; <paramref name="sensor"/> for a sensor's enrollment.</summary>
    public static EnrollmentTicket Create(string name, string createdBy, bool sensor = false)
    {
        var details = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Details(name, createdBy, sensor ? SensorKind : null)));
        return new EnrollmentTicket($"{Guid.NewGuid():N}.{details}", name, createdBy, sensor);
    }

    private const string SensorKind = "sensor";

    /// <summary>The ticket of a token id; false when the id was not made by <see cref="Create"/>.</summary>
    public static bool TryParse(string? tokenId, out EnrollmentTicket ticket)
    {
        ticket = null!;
        var dot = tokenId?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot != 32 || !Guid.TryParseExact(tokenId![..dot], "N", out _))
        {
            return false;
        }

        try
        {
            var details = JsonSerializer.Deserialize<Details>(Base64Url.DecodeFromChars(tokenId.AsSpan(dot + 1)));
            if (details is not { Name: { } name, By: { } by })
            {
                return false;
            }

            ticket = new EnrollmentTicket(tokenId, name, by, details.Kind == SensorKind);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Kind is absent for an enforcement point (tokens made before sensors existed read the same).</summary>
    private sealed record Details(string Name, string By, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Kind = null);
}
