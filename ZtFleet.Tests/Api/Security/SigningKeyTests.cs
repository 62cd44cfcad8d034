using System.Text;
using ZtFleet.Api.Security;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api.Security;

/// <summary>The one rule for signing keys, as the API's start and the token command apply it.</summary>
public sealed class SigningKeyTests
{
    public static TheoryData<string, string?, bool, string?> Cases => new()
    {
        // name, key, development?, part of the refusal (null: accepted)
        { "the development key in Development", SigningKey.Development, true, null },
        { "the development key elsewhere", SigningKey.Development, false, "well-known development key" },
        { "the development key as base64 elsewhere", "base64:" + Convert.ToBase64String(Encoding.UTF8.GetBytes(SigningKey.Development)), false, "well-known development key" },
        { "the development key with a trailing newline elsewhere", SigningKey.Development + "\n", false, "well-known development key" },
        { "the development key with a suffix elsewhere", SigningKey.Development + "-prod-2026", false, "well-known development key" },
        { "no key", null, false, "No signing key" },
        { "no key in Development", "  ", true, "No signing key" },
        { "31 bytes of text", "k7#Qp2!vX9@mL4$wR8^tY1&nB6*zC3(", false, "31 bytes" },
        { "16 random bytes as base64", "base64:" + Convert.ToBase64String(new byte[] { 0x9c, 0x1f, 0x73, 0xe2, 0x48, 0xb5, 0x0d, 0xa6, 0x31, 0xfe, 0x87, 0x5a, 0xc9, 0x12, 0x6b, 0xd4 }), false, "16 bytes" },
        { "not base64 after the prefix", "base64:not*base64", false, "not valid base64" },
        { "one character repeated", new string('a', 64), false, "not random enough" },
        { "a word repeated", string.Concat(Enumerable.Repeat("password", 8)), false, "not random enough" },
        { "digits repeated", string.Concat(Enumerable.Repeat("0123456789", 5)), false, "repeats a short pattern" },
        { "multi-byte text counts its bytes", new string('ä', 20), false, "not random enough" },
        { "the test key", ApiServer.SigningKey, false, null },
        { "32 random hex digits", "183b1d8c9bcfd89f36e9b061723f5533", false, null },
        { "32 random bytes as base64", "base64:mG/WTbEpI4iwKjLXcuJIGhiqbsL9YHiuj+CIiqBq/I8=", false, null },
        { "32 random letters and digits", "T1r3hrmyDQ80nVZ2P04hOI75Frr6ZMW8", false, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_key_is_accepted_or_refused_with_the_reason_and_the_remedy(string name, string? key, bool development, string? refusal)
    {
        var problem = SigningKey.Problem(key, development);
        if (refusal is null)
        {
            Assert.True(problem is null, $"{name}: {problem}");
        }
        else
        {
            Assert.NotNull(problem);
            Assert.Contains(refusal, problem, StringComparison.Ordinal);
            Assert.Contains("openssl rand -base64 32", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_base64_key_signs_with_its_decoded_bytes_and_a_text_key_with_its_utf8_bytes()
    {
        var bytes = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(bytes, SigningKey.Decode("base64:" + Convert.ToBase64String(bytes)));
        Assert.Equal(Encoding.UTF8.GetBytes("größer-als-32-bytes-schlüssel-xyz"), SigningKey.Decode("größer-als-32-bytes-schlüssel-xyz"));
    }
}
