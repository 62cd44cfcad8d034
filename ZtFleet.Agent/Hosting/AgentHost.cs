using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.ControlPlane;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Agent.Rulesets;
using ZtFleet.Agent.State;
using ZtFleet.Agent.Telemetry;

namespace ZtFleet.Agent.Hosting;

/// <summary>Builds and runs the agent's host.</summary>
public static class AgentHost
{
    /// <summary>Runs the agent until it is stopped; returns the exit code.</summary>
    public static int Run(AgentOptions options, LogLevel logLevel)
    {
        StateDirectory state;
        try
        {
            state = new StateDirectory(options.StateDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot use the state directory {options.StateDirectory}: {ex.Message}");
            return AgentExitCodes.Usage;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(logLevel);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        AddAgent(builder.Services, options, state);

        var host = builder.Build();
        var exit = host.Services.GetRequiredService<AgentExit>();
        host.Run(); // disposes the host
        return exit.Code;
    }

    /// <summary>The agent's services.</summary>
    public static IServiceCollection AddAgent(IServiceCollection services, AgentOptions options, StateDirectory state)
    {
        services.AddSingleton(options);
        services.AddSingleton(state);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AgentExit>();
        services.AddSingleton<CredentialStore>();
        services.AddSingleton<IControlPlane>(_ => new GrpcControlPlane(options.Api));
        services.AddSingleton<IRulesetApplier>(provider => options.NoNftables
            ? new LoggingApplier(provider.GetRequiredService<ILogger<LoggingApplier>>())
            : new NftablesApplier(state, NftablesApplier.Locate(options.NftPath), provider.GetRequiredService<ILogger<NftablesApplier>>()));
        services.AddSingleton<RulesetInstaller>();
        services.AddSingleton<EnforcementState>();
        services.AddSingleton<ControlPlaneContact>();
        if (!options.NoTelemetry)
        {
            services.AddSingleton(provider =>
            {
                var buffer = new TelemetryBuffer(options.Telemetry.BufferCapacity);
                var time = provider.GetRequiredService<TimeProvider>();
                var loggers = provider.GetRequiredService<ILoggerFactory>();
                var sender = new TelemetrySender(
                    provider.GetRequiredService<IControlPlane>(), buffer, new SequenceStore(state), options.Telemetry, time, loggers.CreateLogger<TelemetrySender>());
                var drops = options.NoNftables || options.Telemetry.DropPollInterval <= TimeSpan.Zero
                    ? null
                    : new DropMonitor(
                        DropMonitor.Nft(NftablesApplier.Locate(options.NftPath)), buffer, provider.GetRequiredService<EnforcementState>(), time, loggers.CreateLogger<DropMonitor>());
                return new AgentTelemetry(buffer, sender, drops, options.Telemetry.DropPollInterval);
            });
        }

        services.AddHostedService<AgentWorker>();
        return services;
    }
}
