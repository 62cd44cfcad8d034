using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ZtFleet.Api.Export;

/// <summary>The TLS client options of a destination: its private CA (instead of the system's trust) and its client certificate.</summary>
internal static class ExportTls
{
    public static SslClientAuthenticationOptions ClientOptions(ExportDestination destination, string targetHost)
    {
        var tls = destination.Tls;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = string.IsNullOrWhiteSpace(tls.ServerName) ? targetHost : tls.ServerName,
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.None,
        };
        if (!string.IsNullOrWhiteSpace(tls.CaFile))
        {
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(LoadPem(tls.CaFile));
            options.CertificateChainPolicy = policy;
        }

        if (!string.IsNullOrWhiteSpace(tls.ClientCertificateFile) && !string.IsNullOrWhiteSpace(tls.ClientKeyFile))
        {
            options.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.ClientCertificateFile, tls.ClientKeyFile)];
        }

        return options;
    }

    private static X509Certificate2[] LoadPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        return [.. collection];
    }
}
