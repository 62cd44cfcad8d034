using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Security;

public static class CredentialServiceCollectionExtensions
{
    /// <summary>
    /// Registers the token settings (validated at start: the API does not start with a refused signing key), the
    /// <see cref="TokenService"/>, and this process's copy of the deny list with its refresher.
    /// </summary>
    public static IServiceCollection AddZtFleetCredentials(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<RevocationList>();
        services.AddHostedService<RevocationListRefresher>();
        return services;
    }
}
