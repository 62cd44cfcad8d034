namespace ZtFleet.Api.Export;

/// <summary>TLS of one destination: a private CA to trust instead of the system's, and a client certificate (PEM files).</summary>
public sealed class ExportTlsOptions
{
    /// <summary>PEM file of the CA certificate(s) the receiver's certificate must chain to; none: the system's trust store.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of the client certificate to present (mutual TLS); with <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>The name the receiver's certificate must carry; none: the host of the address.</summary>
    public string? ServerName { get; set; }
}
