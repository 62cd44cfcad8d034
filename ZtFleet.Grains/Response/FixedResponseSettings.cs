using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>Settings given once (tests, benchmarks): what <see cref="Settings"/> holds, changeable at run time.</summary>
public sealed class FixedResponseSettings(ResponseSettings settings) : IResponseSettingsSource
{
    /// <summary>The settings returned.</summary>
    public ResponseSettings Settings { get; set; } = settings;

    /// <inheritdoc/>
    public Task<ResponseSettings> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(Settings);
}
