using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// Debian's rsyslogd as a real syslog receiver, started by the test with its own configuration in a temporary folder:
/// TCP (octet counting is recognised by imtcp), UDP, and TLS through the gtls driver with a CA and server certificate
/// made here, every message's MSG part written as one line to <see cref="OutputFile"/>. It can be stopped and started
/// again on the same ports (a receiver that is down for a while).
/// </summary>
internal sealed class RsyslogReceiver : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _program;
    private Process? _process;

    private RsyslogReceiver(string program, string directory, bool tls)
    {
        _program = program;
        _directory = directory;
        TcpPort = FreeTcpPort();
        TlsPort = tls ? FreeTcpPort() : 0;
        UdpPort = FreeUdpPort();
        OutputFile = Path.Combine(directory, "received.log");
    }

    /// <summary>The TCP input's port (RFC 6587 octet counting).</summary>
    public int TcpPort { get; }

    /// <summary>The TLS input's port (0: no TLS input).</summary>
    public int TlsPort { get; }

    /// <summary>The UDP input's port.</summary>
    public int UdpPort { get; }

    /// <summary>The file every received message's MSG part is appended to, one line each.</summary>
    public string OutputFile { get; }

    /// <summary>PEM file of the CA that signed the TLS input's certificate (for the sender's Tls:CaFile).</summary>
    public string CaFile => Path.Combine(_directory, "ca.pem");

    /// <summary>Why the receiver cannot run here (null: it can): rsyslogd, and for TLS its gtls driver (rsyslog-gnutls).</summary>
    public static string? Missing(bool tls)
    {
        if (HostPrerequisite.FindProgram("rsyslogd") is null)
        {
            return "rsyslogd is not installed (apt-get install rsyslog rsyslog-gnutls)";
        }

        return tls && GtlsDriver() is null ? "rsyslog's TLS driver lmnsd_gtls.so is not installed (apt-get install rsyslog-gnutls)" : null;
    }

    /// <summary>Starts a receiver (with a TLS input when <paramref name="tls"/>).</summary>
    public static async Task<RsyslogReceiver> StartAsync(bool tls = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"ztfleet-rsyslog-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(directory, "work"));
        var receiver = new RsyslogReceiver(HostPrerequisite.FindProgram("rsyslogd")!, directory, tls);
        if (tls)
        {
            receiver.WriteCertificates();
        }

        receiver.WriteConfiguration();
        await receiver.StartAgainAsync();
        return receiver;
    }

    /// <summary>Starts rsyslogd (again) with the same configuration and ports, and waits until it listens.</summary>
    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(_program)
        {
            ArgumentList = { "-n", "-f", Path.Combine(_directory, "rsyslog.conf"), "-i", Path.Combine(_directory, "rsyslogd.pid") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("rsyslogd did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Listens(TcpPort) || (TlsPort != 0 && !Listens(TlsPort)))
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"rsyslogd did not listen on {TcpPort} (exit: {(_process.HasExited ? _process.ExitCode : "running")}); see {_directory}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops rsyslogd (SIGTERM: it writes what it has queued) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        _process.Dispose();
        _process = null;
    }

    /// <summary>The lines received so far.</summary>
    public IReadOnlyList<string> Lines() => File.Exists(OutputFile) ? File.ReadAllLines(OutputFile) : [];

    /// <summary>Waits (polling the file) until <paramref name="done"/> holds for the lines received, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(Func<IReadOnlyList<string>, bool> done, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var lines = Lines();
            if (done(lines))
            {
                return lines;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"The receiver did not get {what} within {timeout.TotalSeconds} s ({lines.Count} lines received).");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? GtlsDriver() =>
        new[] { "/usr/lib/x86_64-linux-gnu/rsyslog", "/usr/lib/aarch64-linux-gnu/rsyslog", "/usr/lib/rsyslog" }
            .Select(folder => Path.Combine(folder, "lmnsd_gtls.so"))
            .FirstOrDefault(File.Exists);

    private void WriteConfiguration()
    {
        var tls = TlsPort == 0
            ? string.Empty
            : $"""
               global(DefaultNetstreamDriverCAFile="{CaFile}" DefaultNetstreamDriverCertFile="{_directory}/server.pem" DefaultNetstreamDriverKeyFile="{_directory}/server.key")
               input(type="imtcp" port="{TlsPort}" address="127.0.0.1" ruleset="received" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.AuthMode="anon")
               """;
        File.WriteAllText(Path.Combine(_directory, "rsyslog.conf"), $"""
            global(workDirectory="{_directory}/work" net.enableDNS="off" maxMessageSize="64k")
            module(load="imtcp" MaxSessions="200")
            module(load="imudp")
            template(name="msgOnly" type="string" string="%msg%\n")
            ruleset(name="received") {'{'}
              action(type="omfile" file="{OutputFile}" template="msgOnly")
            {'}'}
            input(type="imtcp" port="{TcpPort}" address="127.0.0.1" ruleset="received")
            input(type="imudp" port="{UdpPort}" address="127.0.0.1" ruleset="received")
            {tls}
            """);
    }

    private void WriteCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=ztfleet-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(CaFile, ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "server.pem"), server.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "server.key"), serverKey.ExportRSAPrivateKeyPem());
    }

    private static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
