using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Security;

public static class CredentialServiceCollectionExtensions
{
    /// <summary>
    /// Registers the token settings (validated at start: the API does not start with a refused signing key or an
    /// untrustworthy OIDC issuer), the <see cref="TokenService"/> with the external issuer's validator, and this process's copy of the deny list with its refresher.
    /// </summary>
    public static IServiceCollection AddZtFleetCredentials(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<OidcOptions>().BindConfiguration(OidcOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddHttpClient(OidcSigningKeys.HttpClientName, client =>
        {
            client.Timeout = TimeSpan.FromSeconds(10);
            client.MaxResponseContentBufferSize = OidcSigningKeys.MaxDocumentBytes;
        });
        services.AddSingleton<OidcSigningKeys>();
        services.AddSingleton<OidcTokenValidator>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<RevocationList>();
        services.AddHostedService<RevocationListRefresher>();
        return services;
    }
}
