using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>Refuses to start with an issuer that could not verify anything, or could verify too much.</summary>
internal sealed class OidcOptionsValidator : IValidateOptions<OidcOptions>
{
    public const int MaxClockSkewSeconds = 300;

    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Issuers.Count; i++)
        {
            var issuer = options.Issuers[i];
            var at = $"{OidcOptions.Section}:Issuers:{i}";
            if (string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                problems.Add($"{at}:Issuer is required");
            }
            else if (!seen.Add(issuer.Issuer))
            {
                problems.Add($"{at}:Issuer '{issuer.Issuer}' is configured twice");
            }

            if (issuer.Audiences.Count == 0 || issuer.Audiences.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{at}:Audiences needs at least one non-empty audience");
            }

            if (issuer.ClockSkewSeconds is < 0 or > MaxClockSkewSeconds)
            {
                problems.Add($"{at}:ClockSkewSeconds must be between 0 and {MaxClockSkewSeconds}");
            }

            if (string.IsNullOrWhiteSpace(issuer.IdentityClaim))
            {
                problems.Add($"{at}:IdentityClaim is required");
            }

            var (_, problem) = JwksLoader.Load(issuer);
            if (problem is not null)
            {
                problems.Add($"{at}: {problem}");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
