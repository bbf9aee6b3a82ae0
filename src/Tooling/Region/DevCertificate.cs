using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArrHost.Tooling.Region;

/// <summary>
/// The self-signed development certificate of a local https region: for localhost, 127.0.0.1 and ::1, written as PEM
/// (certificate and key) under the out directory and reused while it is valid for at least another day.
/// </summary>
public static class DevCertificate
{
    public const string CertificateFile = "arr-dev.crt";
    public const string KeyFile = "arr-dev.key";

    /// <summary>Returns the paths of the certificate and key in <paramref name="folder"/>, making them when missing or expiring.</summary>
    public static (string Certificate, string Key) Ensure(string folder, TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        Directory.CreateDirectory(folder);
        var certPath = Path.GetFullPath(Path.Combine(folder, CertificateFile));
        var keyPath = Path.GetFullPath(Path.Combine(folder, KeyFile));
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            try
            {
                using var existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
                if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(1)) return (certPath, keyPath);
            }
            catch (CryptographicException)
            {
                // damaged: made again below
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ArrHost local development", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(365));
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        return (certPath, keyPath);
    }
}
