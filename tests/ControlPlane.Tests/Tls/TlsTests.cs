using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;
using ArrHost.ControlPlane.Tests.Infrastructure;
using ArrHost.Protos.V1;
using ArrHost.Rpc;
using Grpc.Core;

namespace ArrHost.ControlPlane.Tests.Tls;

/// <summary>Both ports over TLS with a configured certificate: what Azure.Core (https only for bearer tokens) needs.</summary>
public sealed class TlsTests : IDisposable
{
    private const string Dev = DevDefaults.AccountId;
    private readonly string _folder = Directory.CreateTempSubdirectory("arr-tls-").FullName;

    /// <summary>A self-signed certificate for 127.0.0.1 as PEM files; returns (cert path, key path, certificate).</summary>
    private (string Cert, string Key, X509Certificate2 Certificate) MakeCertificate(string name = "server")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(_folder, name + ".crt");
        var keyPath = Path.Combine(_folder, name + ".key");
        File.WriteAllText(certPath, cert.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath, X509CertificateLoader.LoadCertificate(cert.RawData));
    }

    private static HttpClient Trusting(X509Certificate2 authority, Uri baseAddress) =>
        new(new SocketsHttpHandler().TrustAuthority(authority)) { BaseAddress = baseAddress };

    [Fact]
    public async Task Start_WithPemCertificate_BothAddressesHttpsAndStsAndApiAnswer()
    {
        var (cert, key, certificate) = MakeCertificate();
        await using var cp = await TestControlPlane.StartAsync(null, null, "--tls-cert", cert, "--tls-key", key);
        using var http = Trusting(certificate, cp.RestAddress);

        var sts = new HttpRequestMessage(HttpMethod.Get, $"/Accounts/{Dev}/token?api-version=2019-02-28-preview");
        sts.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"{Dev}:{DevDefaults.AccountKey}");
        var stsResponse = await http.SendAsync(sts);
        var token = JsonDocument.Parse(await stsResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessToken").GetString()!;
        var list = new HttpRequestMessage(HttpMethod.Get, $"/accounts/{Dev}/sessions?api-version=2021-01-01");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var listResponse = await http.SendAsync(list);
        var body = JsonDocument.Parse(await listResponse.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("https", cp.RestAddress.Scheme);
        Assert.Equal("https", cp.GrpcAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, stsResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listResponse.StatusCode);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("@nextLink").ValueKind);
    }

    [Fact]
    public async Task Grpc_OverTls_NegotiatesH2AndAuthenticatesWithJwt()
    {
        var (cert, key, certificate) = MakeCertificate();
        await using var cp = await TestControlPlane.StartAsync(null, null, "--tls-cert", cert, "--tls-key", key);
        using var channel = RpcChannels.ForAddress(cp.GrpcAddress, o => o.HttpHandler = RpcChannels.CreateHandler(certificate));
        var client = new Protos.V1.Sessions.SessionsClient(channel);

        var token = await client.GetAccessTokenAsync(new GetAccessTokenRequest(),
            new Metadata { { "authorization", $"Bearer {Dev}:{DevDefaults.AccountKey}" } });
        var list = await client.ListSessionsAsync(new ListSessionsRequest(), new Metadata { { "authorization", "Bearer " + token.Token } });
        using var h2 = new HttpClient(new SocketsHttpHandler().TrustAuthority(certificate));
        var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(cp.GrpcAddress, "/alive")) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var probeResponse = await h2.SendAsync(probe);

        Assert.Equal(3, token.Token.Split('.').Length);
        Assert.Empty(list.Sessions);
        Assert.Equal(HttpVersion.Version20, probeResponse.Version);
    }

    [Fact]
    public async Task Client_NotTrustingCertificate_RefusedByTls()
    {
        var (cert, key, _) = MakeCertificate();
        var (_, _, other) = MakeCertificate("other");
        await using var cp = await TestControlPlane.StartAsync(null, null, "--tls-cert", cert, "--tls-key", key);
        using var untrusted = new HttpClient { BaseAddress = cp.RestAddress };
        using var wrongAuthority = Trusting(other, cp.RestAddress);

        var plain = await Assert.ThrowsAsync<HttpRequestException>(() => untrusted.GetAsync("/alive"));
        var wrong = await Assert.ThrowsAsync<HttpRequestException>(() => wrongAuthority.GetAsync("/alive"));

        Assert.IsType<AuthenticationException>(plain.InnerException);
        Assert.IsType<AuthenticationException>(wrong.InnerException);
    }

    [Fact]
    public async Task Start_CertificateFileMissing_FailsNamingIt()
    {
        var missing = Path.Combine(_folder, "missing.crt");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => TestControlPlane.StartAsync(null, null, "--tls-cert", missing));

        Assert.Contains("missing.crt", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
