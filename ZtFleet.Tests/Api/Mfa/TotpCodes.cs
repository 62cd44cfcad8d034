using OtpNet;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Api.Mfa;

/// <summary>An enrolled identity's authenticator app, for the API tests: right codes and codes sure to be wrong.</summary>
internal sealed class TotpCodes(byte[] secret, TimeProvider time)
{
    /// <summary>Enrols <paramref name="identity"/> through the real API and reads the secret from the otpauth URI.</summary>
    public static async Task<TotpCodes> EnrollAsync(AccessService.AccessServiceClient access, string identity, Grpc.Core.CallOptions admin, TimeProvider time)
    {
        var enrollment = await access.EnrollTotpAsync(new EnrollTotpRequest { IdentityId = identity }, admin);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(enrollment.OtpauthUri).Query);
        return new TotpCodes(Base32Encoding.ToBytes(query["secret"]!), time);
    }

    /// <summary>The code the app shows now.</summary>
    public string Right() => new Totp(secret).ComputeTotp(time.GetUtcNow().UtcDateTime);

    /// <summary>A six-digit code no step in the accepted window has (the <paramref name="n"/>th such guess).</summary>
    public string Wrong(int n = 0)
    {
        var totp = new Totp(secret);
        var step = TotpVerifier.StepAt(time.GetUtcNow());
        var accepted = Enumerable.Range(-TotpVerifier.DriftSteps, 2 * TotpVerifier.DriftSteps + 1)
            .Select(d => totp.ComputeTotp(DateTimeOffset.FromUnixTimeSeconds((step + d) * TotpVerifier.StepSeconds).UtcDateTime))
            .ToHashSet();
        return Enumerable.Range(n * 7, 1000).Select(i => i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }
}
