namespace ZtFleet.Api.PlantViews;

public static class PlantViewServiceCollectionExtensions
{
    /// <summary>Registers the <see cref="PlantViewCache"/> (one per process) and its periodic refresh.</summary>
    public static IServiceCollection AddPlantViews(this IServiceCollection services)
    {
        services.AddOptions<PlantViewOptions>().BindConfiguration(PlantViewOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<PlantViewCache>();
        services.AddHostedService<PlantViewRefresher>();
        return services;
    }
}
