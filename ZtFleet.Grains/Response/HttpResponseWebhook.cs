using System.Net.Http.Headers;
using System.Text;

namespace ZtFleet.Grains.Response;

/// <summary>The webhook step over HTTPS with the <see cref="HttpClient"/> from DI (its timeout bounds the call).</summary>
public sealed class HttpResponseWebhook(HttpClient client) : IResponseWebhook
{
    /// <summary>How long a webhook may take before the step counts as failed.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public async Task PostAsync(Uri url, string json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var response = await client.PostAsync(url, content, timeout.Token);
        response.EnsureSuccessStatusCode();
    }
}
