using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ZtFleet.Grains.Hosting;

namespace ZtFleet.Api.Access.Mfa;

/// <summary>Registers the MFA verifiers.</summary>
public static class MfaServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="OidcOptions"/> (at start: a bad issuer or key set stops the host) and adds
    /// <see cref="OidcTokenVerifier"/> as a singleton. Token lifetimes are checked against the registered
    /// <see cref="ControlPlaneClock"/>, or the system clock if there is none. TOTP codes are not checked here: the
    /// identity grain, which holds the secret and the attempt limits, checks them.
    /// </summary>
    public static IServiceCollection AddZtFleetMfa(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>());
        services.TryAddSingleton(ControlPlaneClock.Machine);
        services.TryAddSingleton(provider => new OidcTokenVerifier(
            provider.GetRequiredService<IOptions<OidcOptions>>(),
            provider.GetRequiredService<ControlPlaneClock>(),
            provider.GetService<ILogger<OidcTokenVerifier>>()));
        return services;
    }
}
