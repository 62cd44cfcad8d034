using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>Registers the MFA verifiers.</summary>
public static class MfaServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="OidcOptions"/> (at start: a bad issuer or key set stops the host) and adds
    /// <see cref="OidcTokenVerifier"/> and <see cref="TotpVerifier"/> as singletons. Uses the registered
    /// <see cref="TimeProvider"/>, or the system clock if there is none.
    /// </summary>
    public static IServiceCollection AddZtFleetMfa(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OidcTokenVerifier>();
        services.TryAddSingleton<TotpVerifier>();
        return services;
    }
}
