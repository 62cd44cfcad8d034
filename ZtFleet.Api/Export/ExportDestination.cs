using System.Globalization;
using System.Text.RegularExpressions;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Api.Export;

/// <summary>One destination as the exporter uses it: <see cref="ExportDestinationOptions"/> parsed and checked.</summary>
/// <param name="Name">Its name, the key of its cursor and lock.</param>
/// <param name="Transport">How records reach it.</param>
/// <param name="Format">How each record is written.</param>
/// <param name="Host">Syslog: the receiver's host.</param>
/// <param name="Port">Syslog: the receiver's port.</param>
/// <param name="Url">Webhook: where batches are POSTed.</param>
/// <param name="Tls">TLS settings (syslog-tls, HTTPS webhooks).</param>
/// <param name="Filter">Which records it receives.</param>
/// <param name="Timeout">How long one send may take.</param>
/// <param name="Settle">Stream syslog: how long a written batch must stay unchallenged before the cursor passes it.</param>
/// <param name="MaxDatagramBytes">UDP: the largest datagram.</param>
/// <param name="Message">Syslog: what MSG carries.</param>
/// <param name="Utf8Bom">Syslog: whether MSG starts with the UTF-8 BOM.</param>
public sealed partial record ExportDestination(
    string Name,
    ExportTransport Transport,
    ExportFormat Format,
    string? Host,
    int Port,
    Uri? Url,
    ExportTlsOptions Tls,
    ExportFilter Filter,
    TimeSpan Timeout,
    TimeSpan Settle,
    int MaxDatagramBytes,
    SyslogMessageContent Message,
    bool Utf8Bom)
{
    /// <summary>The default <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The default <see cref="Settle"/>.</summary>
    public static readonly TimeSpan DefaultSettle = TimeSpan.FromSeconds(2);

    /// <summary>The default <see cref="MaxDatagramBytes"/> (RFC 5426: receivers should take 2048 octets).</summary>
    public const int DefaultMaxDatagramBytes = 2048;

    /// <summary>Whether the transport can tell that a batch arrived (webhooks) or only that it was written.</summary>
    public bool ConfirmsOnWrite => Transport is ExportTransport.Webhook or ExportTransport.SyslogUdp;

    /// <summary>
    /// Parses destination <paramref name="index"/>; adds one sentence per problem to <paramref name="errors"/> and
    /// returns null when there is any.
    /// </summary>
    public static ExportDestination? Parse(ExportDestinationOptions options, int index, bool development, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var where = $"{ExportOptions.Section}:Destinations:{index}";
        var name = options.Name?.Trim();
        if (string.IsNullOrEmpty(name) || !NamePattern().IsMatch(name))
        {
            errors.Add($"{where}:Name must be 1 to 63 letters, digits, '-', '_' or '.' (got '{options.Name}').");
        }
        else
        {
            where = $"{where} ({name})";
        }

        ExportTransport? transport = options.Transport?.Trim().ToLowerInvariant() switch
        {
            "syslog-tcp" => ExportTransport.SyslogTcp,
            "syslog-tls" => ExportTransport.SyslogTls,
            "syslog-udp" => ExportTransport.SyslogUdp,
            "webhook" => ExportTransport.Webhook,
            _ => null,
        };
        if (transport is null)
        {
            errors.Add($"{where}: Transport '{options.Transport}' is not one of syslog-tcp, syslog-tls, syslog-udp, webhook.");
        }

        ExportFormat? format = options.Format?.Trim().ToLowerInvariant() switch
        {
            "rfc5424" => ExportFormat.Rfc5424,
            "cef" => ExportFormat.Cef,
            "ocsf" => ExportFormat.Ocsf,
            "json" => ExportFormat.Json,
            _ => null,
        };
        if (format is null)
        {
            errors.Add($"{where}: Format '{options.Format}' is not one of rfc5424, cef, ocsf, json.");
        }
        else if (transport == ExportTransport.Webhook && format is not (ExportFormat.Json or ExportFormat.Ocsf))
        {
            errors.Add($"{where}: a webhook sends JSON: Format must be json or ocsf (got '{options.Format}').");
        }

        string? host = null;
        var port = 0;
        Uri? url = null;
        if (transport == ExportTransport.Webhook)
        {
            if (!Uri.TryCreate(options.Url, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{where}: Url '{options.Url}' is not an absolute http(s) URL.");
            }
            else if (url.Scheme != Uri.UriSchemeHttps && !development)
            {
                errors.Add($"{where}: Url '{options.Url}' must be HTTPS outside Development (records carry identities and decisions).");
            }
        }
        else if (transport is not null)
        {
            if (!TryParseAddress(options.Address, out host, out port))
            {
                errors.Add($"{where}: Address '{options.Address}' is not host:port (port 1 to 65535).");
            }
        }

        var kinds = new HashSet<ExportKind>();
        foreach (var kind in options.Kinds)
        {
            if (Enum.TryParse<ExportKind>(kind?.Trim(), ignoreCase: true, out var parsed) && parsed != ExportKind.Unspecified && Enum.IsDefined(parsed)
                && !int.TryParse(kind, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                kinds.Add(parsed);
            }
            else
            {
                errors.Add($"{where}: Kinds holds '{kind}', not one of {string.Join(", ", Enum.GetNames<ExportKind>().Skip(1))}.");
            }
        }

        Severity? minimum = (options.MinimumSeverity?.Trim().ToLowerInvariant() ?? "informational") switch
        {
            "informational" or "info" or "" => Severity.Unspecified,
            "low" => Severity.Low,
            "medium" => Severity.Medium,
            "high" => Severity.High,
            "critical" => Severity.Critical,
            _ => null,
        };
        if (minimum is null)
        {
            errors.Add($"{where}: MinimumSeverity '{options.MinimumSeverity}' is not one of informational, low, medium, high, critical.");
        }

        bool? onlyDenials = (options.Decisions?.Trim().ToLowerInvariant() ?? "denied") switch
        {
            "denied" or "" => true,
            "all" => false,
            _ => null,
        };
        if (onlyDenials is null)
        {
            errors.Add($"{where}: Decisions '{options.Decisions}' is not denied or all.");
        }

        var plants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var plant in options.Plants)
        {
            if (string.IsNullOrWhiteSpace(plant) || !NamePattern().IsMatch(plant.Trim()))
            {
                errors.Add($"{where}: Plants holds '{plant}', which is not a plant id.");
            }
            else
            {
                plants.Add(plant.Trim());
            }
        }

        var tls = options.Tls ?? new ExportTlsOptions();
        CheckFile(tls.CaFile, "Tls:CaFile");
        CheckFile(tls.ClientCertificateFile, "Tls:ClientCertificateFile");
        CheckFile(tls.ClientKeyFile, "Tls:ClientKeyFile");
        if (string.IsNullOrWhiteSpace(tls.ClientCertificateFile) != string.IsNullOrWhiteSpace(tls.ClientKeyFile))
        {
            errors.Add($"{where}: Tls:ClientCertificateFile and Tls:ClientKeyFile go together.");
        }

        var timeout = options.Timeout ?? DefaultTimeout;
        if (timeout < TimeSpan.FromMilliseconds(100) || timeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{where}: Timeout must be between 100 ms and 5 minutes (got {timeout}).");
        }

        var settle = options.Settle ?? DefaultSettle;
        if (settle < TimeSpan.Zero || settle > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{where}: Settle must be between 0 and 1 minute (got {settle}).");
        }

        var datagram = options.MaxDatagramBytes ?? DefaultMaxDatagramBytes;
        if (datagram is < 480 or > 65_000)
        {
            errors.Add($"{where}: MaxDatagramBytes must be between 480 and 65000 (got {datagram}).");
        }

        SyslogMessageContent? message = (options.Message?.Trim().ToLowerInvariant() ?? "ocsf") switch
        {
            "ocsf" or "" => SyslogMessageContent.Ocsf,
            "sentence" => SyslogMessageContent.Sentence,
            _ => null,
        };
        if (message is null)
        {
            errors.Add($"{where}: Message '{options.Message}' is not ocsf or sentence.");
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new ExportDestination(
            name!, transport!.Value, format!.Value, host, port, url, tls,
            new ExportFilter(kinds, minimum!.Value, plants, onlyDenials!.Value),
            timeout, settle, datagram, message!.Value, options.Utf8Bom ?? true);

        void CheckFile(string? path, string key)
        {
            if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
            {
                errors.Add($"{where}: {key} '{path}' does not exist.");
            }
        }
    }

    private static bool TryParseAddress(string? address, out string? host, out int port)
    {
        host = null;
        port = 0;
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = address[..colon].Trim('[', ']');
        return host.Length > 0;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
