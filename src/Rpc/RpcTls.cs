using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ArrHost.Rpc;

/// <summary>TLS for the project's servers and clients: certificates from files, and trust in one given authority.</summary>
public static class RpcTls
{
    /// <summary>
    /// Loads a server certificate: a PKCS#12 file (.pfx/.p12, with <paramref name="password"/>), or a PEM certificate
    /// with its PEM key in <paramref name="keyPath"/> (or in the same file when that is null).
    /// </summary>
    public static X509Certificate2 LoadServerCertificate(string certificatePath, string? keyPath = null, string? password = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(certificatePath);
        if (!File.Exists(certificatePath)) throw new FileNotFoundException($"TLS certificate '{certificatePath}' does not exist.", certificatePath);
        if (keyPath is { Length: > 0 } && !File.Exists(keyPath)) throw new FileNotFoundException($"TLS key '{keyPath}' does not exist.", keyPath);
        var ext = Path.GetExtension(certificatePath).ToLowerInvariant();
        if (ext is ".pfx" or ".p12") return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, password);
        var pem = X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrEmpty(keyPath) ? null : keyPath);
        // An ephemeral PEM key works on Linux; exporting to PKCS#12 makes it usable by SslStream everywhere.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Loads the first certificate of a PEM or DER file (a CA certificate clients trust).</summary>
    public static X509Certificate2 LoadAuthority(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"CA certificate '{path}' does not exist.", path);
        var text = File.ReadAllText(path);
        return text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
            ? X509Certificate2.CreateFromPem(text)
            : X509CertificateLoader.LoadCertificateFromFile(path);
    }

    /// <summary>
    /// Makes <paramref name="handler"/> accept server certificates that chain to <paramref name="authority"/> (a development
    /// CA or a self-signed certificate) and match the host name, besides those the system trusts.
    /// </summary>
    public static SocketsHttpHandler TrustAuthority(this SocketsHttpHandler handler, X509Certificate2 authority)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(authority);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0 || certificate is null) return false; // name mismatch or none
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.Add(authority);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
            return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        };
        return handler;
    }
}
