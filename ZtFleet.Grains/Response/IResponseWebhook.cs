namespace ZtFleet.Grains.Response;

/// <summary>Sends a playbook's webhook step: a JSON POST.</summary>
public interface IResponseWebhook
{
    /// <summary>POSTs <paramref name="json"/> to <paramref name="url"/>; throws when it fails or times out.</summary>
    Task PostAsync(Uri url, string json, CancellationToken cancellationToken = default);
}
