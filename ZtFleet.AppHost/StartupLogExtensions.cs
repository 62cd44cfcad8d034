using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZtFleet.AppHost;

/// <summary>
/// Messages decided while the model is built (before any logger exists) and written when the application starts.
/// </summary>
internal static class StartupLogExtensions
{
    public const string Category = "ZtFleet.AppHost";

    /// <summary>Writes <paramref name="message"/> to the AppHost's console log as the application starts.</summary>
    public static void LogOnStart(this IDistributedApplicationBuilder builder, LogLevel level, string message) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
        {
            startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category).Log(level, "{Message}", message);
            return Task.CompletedTask;
        });

    /// <summary>Writes <paramref name="message"/> at the top of the resource's console log (seen in the dashboard).</summary>
    public static IResourceBuilder<T> WithStartupNote<T>(this IResourceBuilder<T> builder, LogLevel level, string message)
        where T : IResource =>
        builder.OnBeforeResourceStarted((resource, startingEvent, _) =>
        {
            startingEvent.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource).Log(level, "{Message}", message);
            return Task.CompletedTask;
        });
}
