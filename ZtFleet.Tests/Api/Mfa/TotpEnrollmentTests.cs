using OtpNet;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Policy.Mfa;

namespace ZtFleet.Tests.Api.Mfa;

/// <summary>TOTP enrollment: the secret and the URI an authenticator app imports.</summary>
public sealed class TotpEnrollmentTests
{
    private static readonly DateTimeOffset Now = new(2031, 3, 14, 6, 0, 10, TimeSpan.Zero);

    [Fact]
    public void Enrollment_creates_a_random_20_byte_secret_and_its_otpauth_uri()
    {
        var enrollment = TotpEnrollment.Create("vendor-tech");
        var other = TotpEnrollment.Create("vendor-tech");

        Assert.Equal(20, enrollment.Secret.Length);
        Assert.NotEqual(enrollment.Secret, other.Secret);
        Assert.Equal(enrollment.Secret, Base32Encoding.ToBytes(enrollment.Base32Secret));
        Assert.Equal($"otpauth://totp/ZtFleet:vendor-tech?secret={enrollment.Base32Secret}&issuer=ZtFleet", enrollment.ProvisioningUri);
        Assert.DoesNotContain(enrollment.Base32Secret, enrollment.ToString());
    }

    [Fact]
    public void A_code_from_an_app_that_imported_the_enrollment_verifies()
    {
        var enrollment = TotpEnrollment.Create("vendor-tech");
        var app = new Totp(Base32Encoding.ToBytes(enrollment.Base32Secret));

        var check = TotpVerifier.Verify(enrollment.Secret, app.ComputeTotp(Now.UtcDateTime), null, Now);

        Assert.True(check.Verified);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Vendor Tech")]
    public void Enrollment_needs_a_valid_identity_id(string identity) =>
        Assert.Throws<ArgumentException>(() => TotpEnrollment.Create(identity));
}
