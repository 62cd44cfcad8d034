using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Security;

/// <summary>
/// Refuses to start the API with a signing key <see cref="SigningKey.Problem"/> refuses (none, too short, not random,
/// or the development key outside Development), and with a deny list allowed to be staler than it is reloaded.
/// </summary>
internal sealed class AuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (SigningKey.Problem(options.SigningKey, environment.IsDevelopment()) is { } problem)
        {
            failures.Add($"{AuthOptions.Section}:SigningKey ({environment.EnvironmentName} environment): {problem}");
        }

        if (options.RevocationMaxStaleness <= options.RevocationReloadInterval)
        {
            failures.Add($"{AuthOptions.Section}:RevocationMaxStaleness must be longer than RevocationReloadInterval.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
