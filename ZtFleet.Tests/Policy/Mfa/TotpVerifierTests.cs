using System.Text;
using OtpNet;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Policy.Mfa;

public sealed class TotpVerifierTests
{
    // RFC 6238 appendix B, SHA-1 seed; the 6-digit code is the last six digits of the 8-digit vector.
    private static readonly byte[] RfcSecret = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = new(2031, 3, 14, 6, 0, 10, TimeSpan.Zero);

    private static string CodeAt(byte[] secret, long step) =>
        new Totp(secret).ComputeTotp(DateTimeOffset.FromUnixTimeSeconds(step * TotpVerifier.StepSeconds).UtcDateTime);

    [Theory]
    [InlineData(59L, "287082")]          // 94287082
    [InlineData(1111111109L, "081804")]  // 07081804
    [InlineData(1111111111L, "050471")]  // 14050471
    [InlineData(1234567890L, "005924")]  // 89005924
    [InlineData(2000000000L, "279037")]  // 69279037
    [InlineData(20000000000L, "353130")] // 65353130
    public void Rfc6238_sha1_test_vectors_verify(long unixSeconds, string code)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);

        var check = TotpVerifier.Verify(RfcSecret, code, lastUsedStep: null, now);

        Assert.True(check.Verified, check.Failure);
        Assert.Equal(unixSeconds / 30, check.MatchedStep);
        Assert.Null(check.Failure);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void One_step_of_drift_either_way_is_accepted(int drift)
    {
        var step = TotpVerifier.StepAt(Now) + drift;

        var check = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, step), null, Now);

        Assert.True(check.Verified);
        Assert.Equal(step, check.MatchedStep);
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(2)]
    public void Two_steps_of_drift_are_rejected(int drift)
    {
        var check = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, TotpVerifier.StepAt(Now) + drift), null, Now);

        Assert.Equal(new TotpCheck(false, null, MfaFailures.WrongCode), check);
    }

    [Fact]
    public void A_code_cannot_be_used_twice_nor_an_older_one_after_it()
    {
        var current = TotpVerifier.StepAt(Now);
        var first = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, current), null, Now);
        Assert.True(first.Verified);

        var again = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, current), first.MatchedStep, Now + TimeSpan.FromSeconds(5));
        var older = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, current - 1), first.MatchedStep, Now + TimeSpan.FromSeconds(5));
        var next = TotpVerifier.Verify(RfcSecret, CodeAt(RfcSecret, current + 1), first.MatchedStep, Now + TimeSpan.FromSeconds(30));

        Assert.Equal(new TotpCheck(false, current, MfaFailures.Replayed), again);
        Assert.Equal(new TotpCheck(false, current - 1, MfaFailures.Replayed), older);
        Assert.True(next.Verified);
        Assert.Equal(current + 1, next.MatchedStep);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("28708")]
    [InlineData("2870820")]
    [InlineData("28708a")]
    [InlineData(" 287082")]
    [InlineData("287 082")]
    [InlineData("２８７０８２")]
    public void A_code_that_is_not_exactly_six_digits_is_malformed(string? code)
    {
        var check = TotpVerifier.Verify(RfcSecret, code, null, DateTimeOffset.FromUnixTimeSeconds(59));

        Assert.Equal(new TotpCheck(false, null, MfaFailures.Malformed), check);
    }
}
