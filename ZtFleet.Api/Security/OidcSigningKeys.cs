using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ZtFleet.Grains.Refusals;

namespace ZtFleet.Api.Security;

/// <summary>
/// The external issuer's signing keys (<see cref="OidcOptions"/>): its discovery document names its issuer and its
/// key set (<c>jwks_uri</c>), both fetched on first use, again every <see cref="OidcOptions.KeyRefreshInterval"/>, and
/// at once when a token names a key this copy lacks (a rolled key) unless the last fetch is younger than
/// <see cref="OidcOptions.KeyRefreshMinimumInterval"/>.
/// </summary>
/// <remarks>
/// A failed fetch keeps the keys this copy has; with none yet, calls with the issuer's tokens are refused with
/// UNAVAILABLE (the API cannot tell a good token from a bad one). One fetch at a time. Timing is the runtime's clock,
/// like any network timeout; token lifetimes are checked on <see cref="ZtFleet.Grains.Hosting.ControlPlaneClock"/>.
/// </remarks>
public sealed class OidcSigningKeys(IOptions<OidcOptions> options, IHttpClientFactory http, IHostEnvironment environment, ILogger<OidcSigningKeys> logger)
{
    /// <summary>The named HTTP client that fetches the discovery document and the key set.</summary>
    public const string HttpClientName = "ztfleet-oidc";

    /// <summary>The largest discovery document or key set read.</summary>
    public const int MaxDocumentBytes = 1024 * 1024;

    private readonly TimeProvider _runtime = TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile OidcKeySet? _current;
    private long _lastAttempt;
    private string? _lastError;

    /// <summary>The keys to check a token with, fetched first when there are none or they are older than the refresh interval.</summary>
    public async Task<OidcKeySet> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _runtime.GetElapsedTime(current.FetchedAt) < options.Value.KeyRefreshInterval)
        {
            return current;
        }

        return await RefreshAsync(current, cancellationToken);
    }

    /// <summary>
    /// The keys after a token named a key missing from <paramref name="seen"/>: fetched again unless another call
    /// already did or the last fetch is too recent, in which case the keys are returned as they are.
    /// </summary>
    public Task<OidcKeySet> RefreshAfterUnknownKeyAsync(OidcKeySet seen, CancellationToken cancellationToken) =>
        RefreshAsync(seen, cancellationToken);

    private async Task<OidcKeySet> RefreshAsync(OidcKeySet? seen, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = _current;
            if (current is not null && !ReferenceEquals(current, seen))
            {
                return current;
            }

            var last = Interlocked.Read(ref _lastAttempt);
            if (last != 0 && _runtime.GetElapsedTime(last) < options.Value.KeyRefreshMinimumInterval)
            {
                return current ?? throw Unavailable(_lastError);
            }

            Interlocked.Exchange(ref _lastAttempt, _runtime.GetTimestamp());
            try
            {
                var fresh = await FetchAsync(cancellationToken);
                _current = fresh;
                _lastError = null;
                logger.LogInformation("Fetched {Count} signing keys of the OIDC issuer {Issuer}", fresh.Keys.Count, fresh.Issuer);
                return fresh;
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidDataException or ArgumentException
                                        || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                _lastError = ex is OperationCanceledException ? "timed out" : ex.Message;
                if (current is not null)
                {
                    logger.LogWarning("Could not fetch the OIDC issuer's keys again ({Problem}); keeping the {Count} it had", _lastError, current.Keys.Count);
                    return current;
                }

                logger.LogWarning("Could not fetch the OIDC issuer's keys: {Problem}", _lastError);
                throw Unavailable(_lastError);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private TemporarilyUnavailableException Unavailable(string? problem) =>
        new($"The API cannot check tokens of the OIDC issuer {options.Value.Authority} now: its keys could not be fetched ({problem ?? "unknown error"}).");

    private async Task<OidcKeySet> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var authority = settings.Authority.TrimEnd('/');
        var discovery = string.IsNullOrWhiteSpace(settings.MetadataAddress) ? $"{authority}/.well-known/openid-configuration" : settings.MetadataAddress;
        var client = http.CreateClient(HttpClientName);

        using var document = JsonDocument.Parse(await ReadAsync(client, discovery, cancellationToken));
        var issuer = document.RootElement.TryGetProperty("issuer", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()! : null;
        var jwksUri = document.RootElement.TryGetProperty("jwks_uri", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()! : null;
        if (issuer is null || jwksUri is null)
        {
            throw new InvalidDataException($"the discovery document at {discovery} lacks issuer or jwks_uri");
        }

        // OpenID Connect Discovery 1.0, section 4.3: the issuer must be the URL the document was asked of.
        if (!string.Equals(issuer.TrimEnd('/'), authority, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"the discovery document names the issuer '{issuer}', not the configured authority '{settings.Authority}'");
        }

        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var keysAddress)
            || !(keysAddress.Scheme == "https" || keysAddress.Scheme == "http" && (OidcOptionsValidator.IsLoopback(keysAddress) || environment.IsDevelopment())))
        {
            throw new InvalidDataException($"the key set address '{jwksUri}' is not an https URL");
        }

        var set = new JsonWebKeySet(await ReadAsync(client, jwksUri, cancellationToken));
        var keys = set.GetSigningKeys();
        if (keys.Count == 0)
        {
            throw new InvalidDataException($"the key set at {jwksUri} holds no signing key");
        }

        return new OidcKeySet(issuer, [.. keys], _runtime.GetTimestamp());
    }

    private static async Task<string> ReadAsync(HttpClient client, string address, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(address, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{address} answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength > MaxDocumentBytes)
        {
            throw new InvalidDataException($"{address} is larger than {MaxDocumentBytes} bytes");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new InvalidDataException($"{address} is larger than {MaxDocumentBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
