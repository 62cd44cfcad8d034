using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class NetworkAddressTests
{
    [Theory]
    [InlineData("10.10.21.11", "10.10.21.11")]
    [InlineData(" 192.168.0.1 ", "192.168.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    public void Ip_addresses_are_canonicalised(string text, string canonical)
    {
        Assert.True(NetworkAddress.TryCanonicalIp(text, out var result));
        Assert.Equal(canonical, result);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("10")]
    [InlineData("10.1.2")]
    [InlineData("010.1.2.3")]
    [InlineData("0x0a.1.2.3")]
    [InlineData("256.1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.-4")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8::g")]
    [InlineData("")]
    [InlineData(null)]
    public void Ip_shorthands_and_garbage_are_refused(string? text)
    {
        Assert.False(NetworkAddress.TryCanonicalIp(text, out _));
    }

    [Theory]
    [InlineData("00:1b:1b:12:34:56")]
    [InlineData("00-1B-1B-12-34-56")]
    [InlineData("001b.1b12.3456")]
    [InlineData(" 00:1B:1B:12:34:56 ")]
    public void Mac_spellings_are_canonicalised(string text)
    {
        Assert.True(NetworkAddress.TryCanonicalMac(text, out var result));
        Assert.Equal("00:1B:1B:12:34:56", result);
    }

    [Theory]
    [InlineData("00:1b:1b:12:34")]
    [InlineData("00:1b-1b:12:34:56")]
    [InlineData("001b1b123456")]
    [InlineData("00:1b:1b:12:34:5g")]
    [InlineData("001b.1b12-3456")]
    [InlineData("")]
    public void Malformed_macs_are_refused(string text)
    {
        Assert.False(NetworkAddress.TryCanonicalMac(text, out _));
    }
}
