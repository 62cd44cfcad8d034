using Microsoft.Extensions.Options;
using ZtFleet.Api.Validation;

namespace ZtFleet.Tests.Api.Validation;

/// <summary><c>ZtFleet:Access:MaxWindowAhead</c> as the API validates it at start.</summary>
public sealed class AccessOptionsTests
{
    [Theory]
    [InlineData("90.00:00:00", true)]
    [InlineData("01:00:00", true)]
    [InlineData("3650.00:00:00", true)]
    [InlineData("00:59:59", false)]
    [InlineData("3651.00:00:00", false)]
    [InlineData("-1.00:00:00", false)]
    public void The_horizon_must_be_between_an_hour_and_ten_years(string horizon, bool valid)
    {
        var options = new AccessOptions { MaxWindowAhead = TimeSpan.Parse(horizon, System.Globalization.CultureInfo.InvariantCulture) };

        var result = new DataAnnotationValidateOptions<AccessOptions>(null).Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        Assert.Equal(TimeSpan.FromDays(90), new AccessOptions().MaxWindowAhead);
    }
}
