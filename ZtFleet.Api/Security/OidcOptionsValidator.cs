using System.Net;
using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Security;

/// <summary>
/// Refuses to start the API with an external issuer it could not trust: an authority that is not an absolute URL,
/// plain HTTP outside loopback and Development (anyone on the path could hand it keys), no audience, or a role map
/// naming a role an external token may not carry.
/// </summary>
internal sealed class OidcOptionsValidator(IHostEnvironment environment) : IValidateOptions<OidcOptions>
{
    public ValidateOptionsResult Validate(string? name, OidcOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        CheckAddress(failures, "Authority", options.Authority);
        if (!string.IsNullOrWhiteSpace(options.MetadataAddress))
        {
            CheckAddress(failures, "MetadataAddress", options.MetadataAddress);
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{OidcOptions.Section}:Audience is required with an Authority: a token meant for another service must not be accepted.");
        }

        foreach (var (value, role) in options.RoleValues)
        {
            if (!OidcTokenValidator.IsAdministrative(role))
            {
                failures.Add($"{OidcOptions.Section}:RoleValues:{value} is '{role}': one of {string.Join(", ", OidcTokenValidator.AdministrativeRoles)}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckAddress(List<string> failures, string key, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            failures.Add($"{OidcOptions.Section}:{key} must be an absolute https URL (it is '{value}').");
        }
        else if (uri.Scheme == "http" && !IsLoopback(uri) && !environment.IsDevelopment())
        {
            failures.Add($"{OidcOptions.Section}:{key} must use https outside loopback and the Development environment (it is '{value}').");
        }
    }

    /// <summary>True for a loopback address or <c>localhost</c>: plain HTTP there never leaves the machine.</summary>
    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}
