using System.Net;
using System.Security.Cryptography.X509Certificates;
using ArrHost.Tooling.Region;

namespace ArrHost.Tooling.Tests.Region;

/// <summary>The development certificate `arr region --https` makes for its TLS ports.</summary>
public sealed class DevCertificateTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-tls-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Ensure_EmptyFolder_WritesPemPairForLoopbackNamesValidForAYear()
    {
        var (certPath, keyPath) = DevCertificate.Ensure(_dir);

        using var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        Assert.True(cert.HasPrivateKey);
        Assert.Equal(cert.Subject, cert.Issuer);
        Assert.True(cert.MatchesHostname("localhost"));
        Assert.True(cert.MatchesHostname("127.0.0.1"));
        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Contains(IPAddress.IPv6Loopback, san.EnumerateIPAddresses());
        Assert.Contains(cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>(),
            o => o.Value == "1.3.6.1.5.5.7.3.1");
        Assert.True(cert.NotAfter > DateTime.Now.AddDays(360));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
    }

    [Fact]
    public void Ensure_SecondCall_ReusesTheSameCertificate()
    {
        var (first, _) = DevCertificate.Ensure(_dir);
        var firstPem = File.ReadAllText(first);

        var (second, _) = DevCertificate.Ensure(_dir);

        Assert.Equal(first, second);
        Assert.Equal(firstPem, File.ReadAllText(second));
    }

    [Fact]
    public void Ensure_DamagedFiles_MadeAgain()
    {
        File.WriteAllText(Path.Combine(_dir, DevCertificate.CertificateFile), "not a certificate");
        File.WriteAllText(Path.Combine(_dir, DevCertificate.KeyFile), "not a key");

        var (certPath, keyPath) = DevCertificate.Ensure(_dir);

        using var cert = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        Assert.True(cert.HasPrivateKey);
    }
}
