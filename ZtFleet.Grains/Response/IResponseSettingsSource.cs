using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Grains.Response;

/// <summary>Where the response grains read the applied response settings (the fleet document's <c>response:</c>).</summary>
public interface IResponseSettingsSource
{
    /// <summary>The settings in force now.</summary>
    Task<ResponseSettings> GetAsync(CancellationToken cancellationToken = default);
}
