using Aspire.Hosting.ApplicationModel;

namespace ZtFleet.AppHost;

internal static class ProjectResourceExtensions
{
    /// <summary>
    /// Adds a ZtFleet process whose endpoints come from the AppHost alone: its own launch profile and Kestrel settings
    /// are ignored, so that two silos from one project never claim the same port.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddZtFleetProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder
            .AddProject<TProject>(name, options =>
            {
                options.ExcludeLaunchProfile = true;
                options.ExcludeKestrelEndpoints = true;
            })
            // The launch profile would have set the environment; Development maps /health and /alive.
            .WithEnvironment("DOTNET_ENVIRONMENT", builder.Environment.EnvironmentName)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName);
}
