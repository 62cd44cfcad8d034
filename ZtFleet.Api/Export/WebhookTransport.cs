using System.Net.Http.Headers;
using System.Text;

namespace ZtFleet.Api.Export;

/// <summary>
/// A webhook: each batch is one POST of a JSON array (the formatted records, in order) with
/// <c>Content-Type: application/json</c>; a 2xx answer within the timeout means delivered, anything else is retried.
/// </summary>
internal sealed class WebhookTransport : IExportTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly ExportDestination _destination;
    private readonly HttpClient _client;

    public WebhookTransport(ExportDestination destination)
    {
        _destination = destination;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = destination.Timeout,
        };
        if (destination.Url!.Scheme == Uri.UriSchemeHttps)
        {
            handler.SslOptions = ExportTls.ClientOptions(destination, destination.Url.IdnHost);
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task SendAsync(IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_destination.Timeout);
        var body = new StringBuilder(messages.Sum(m => m.Length + 1) + 2).Append('[');
        for (var i = 0; i < messages.Count; i++)
        {
            body.Append(i == 0 ? string.Empty : ",").Append(messages[i]);
        }

        using var content = new StringContent(body.Append(']').ToString(), Encoding.UTF8);
        content.Headers.ContentType = Json;
        HttpResponseMessage response;
        try
        {
            response = await _client.PostAsync(_destination.Url, content, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ExportTransportException(
                ex is OperationCanceledException
                    ? $"no answer from {_destination.Url} within {_destination.Timeout.TotalSeconds:0.#} s"
                    : $"{_destination.Url}: {ex.Message}",
                ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ExportTransportException($"{_destination.Url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
    }

    public bool IsIntact() => true;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
