using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ArrHost.Client.Tests.Sdk.Wire;

/// <summary>The SDK against an https control plane whose certificate only <see cref="RemoteRenderingClientOptions.TrustedCertificateAuthority"/> vouches for.</summary>
public sealed class TlsWireTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    [Fact]
    public async Task GetCurrentRenderingSessionsAsync_TrustedAuthority_WorksOverTls()
    {
        var certificate = SelfSigned("wire");
        await using var server = await WireServer.StartAsync(certificate);
        var options = server.CreateOptions();
        options.TrustedCertificateAuthority = X509CertificateLoader.LoadCertificate(certificate.RawData);
        using var client = new RemoteRenderingClient(options);

        var sessions = await client.GetCurrentRenderingSessionsAsync().WaitAsync(s_limit);

        Assert.Equal("https", server.Address.Scheme);
        Assert.NotNull(sessions);
    }

    [Fact]
    public async Task GetCurrentRenderingSessionsAsync_OtherAuthority_FailsWithoutSendingTheKey()
    {
        var certificate = SelfSigned("wire");
        await using var server = await WireServer.StartAsync(certificate);
        var options = server.CreateOptions();
        options.TrustedCertificateAuthority = X509CertificateLoader.LoadCertificate(SelfSigned("other").RawData);
        options.Retry = new RetryOptions { MaxRetries = 0 };
        using var client = new RemoteRenderingClient(options);

        await Assert.ThrowsAsync<RemoteRenderingException>(() => client.GetCurrentRenderingSessionsAsync().WaitAsync(s_limit));

        Assert.Empty(server.State.TraceHeaders);
    }
}
