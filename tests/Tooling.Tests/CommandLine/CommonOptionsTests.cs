using System.CommandLine;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Tooling.Tests.CommandLine;

public sealed class CommonOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void WriteRegion(string json)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "out"));
        File.WriteAllText(Path.Combine(_dir, "out", "region.json"), json);
    }

    private static (ParseResult Result, CommonOptions Options) Parse(params string[] args)
    {
        var options = new CommonOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return (command.Parse(args), options);
    }

    [Fact]
    public void Resolve_OnlyRegionFile_UsesItsValues()
    {
        WriteRegion("""{"endpoint": "http://127.0.0.1:5000", "restEndpoint": "http://127.0.0.1:5001", "accountId": "id-file", "accountKey": "key-file", "hosts": []}""");
        var (result, options) = Parse();
        var context = new CapturedConsole(directory: Path.Combine(_dir)).Context;

        var resolved = options.Resolve(result, context);

        Assert.Equal(new Uri("http://127.0.0.1:5000"), resolved.Endpoint);
        Assert.Equal("id-file", resolved.AccountId);
        Assert.Equal("key-file", resolved.AccountKey);
    }

    [Fact]
    public void Resolve_HttpsRegionFile_TrustsItsCaCertificate()
    {
        var (cert, _) = ArrHost.Tooling.Region.DevCertificate.Ensure(Path.Combine(_dir, "out", "tls"));
        WriteRegion($$"""{"endpoint": "https://127.0.0.1:5000", "accountId": "a", "accountKey": "k", "caCertificate": "{{cert}}"}""");
        var (result, options) = Parse();

        var resolved = options.Resolve(result, new CapturedConsole(directory: _dir).Context);

        Assert.NotNull(resolved.TrustedCertificateAuthority);
        Assert.Equal(System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(File.ReadAllText(cert)).Thumbprint, resolved.TrustedCertificateAuthority!.Thumbprint);
    }

    [Fact]
    public void Resolve_CaCertificateVariableMissingFile_UsageErrorNamingIt()
    {
        WriteRegion("""{"endpoint": "https://127.0.0.1:5000", "accountId": "a", "accountKey": "k"}""");
        var env = new Dictionary<string, string> { ["ARR_CA_CERT"] = "/nonexistent/ca.crt" };
        var (result, options) = Parse();

        var error = Assert.Throws<UsageException>(() => options.Resolve(result, new CapturedConsole(environment: env, directory: _dir).Context));

        Assert.Contains("/nonexistent/ca.crt", error.Message);
    }

    [Fact]
    public void Resolve_HttpRegion_NoCertificateTrusted()
    {
        WriteRegion("""{"endpoint": "http://127.0.0.1:5000", "accountId": "a", "accountKey": "k"}""");
        var (result, options) = Parse();

        Assert.Null(options.Resolve(result, new CapturedConsole(directory: _dir).Context).TrustedCertificateAuthority);
    }

    [Fact]
    public void Resolve_RegionFileInParentDirectory_IsFound()
    {
        WriteRegion("""{"endpoint": "http://127.0.0.1:5000", "accountId": "a", "accountKey": "k"}""");
        var nested = Directory.CreateDirectory(Path.Combine(_dir, "src", "deep")).FullName;
        var (result, options) = Parse();

        var resolved = options.Resolve(result, new CapturedConsole(directory: nested).Context);

        Assert.Equal("a", resolved.AccountId);
    }

    [Fact]
    public void Resolve_OptionBeatsEnvironmentBeatsRegionFile()
    {
        WriteRegion("""{"endpoint": "http://127.0.0.1:5000", "accountId": "id-file", "accountKey": "key-file"}""");
        var env = new Dictionary<string, string> { ["ARR_ACCOUNT_ID"] = "id-env", ["ARR_ENDPOINT"] = "http://127.0.0.1:6000" };
        var (result, options) = Parse("--endpoint", "http://127.0.0.1:7000");

        var resolved = options.Resolve(result, new CapturedConsole(environment: env, directory: _dir).Context);

        Assert.Equal(new Uri("http://127.0.0.1:7000"), resolved.Endpoint);
        Assert.Equal("id-env", resolved.AccountId);
        Assert.Equal("key-file", resolved.AccountKey);
    }

    [Fact]
    public void Resolve_NothingConfigured_ThrowsUsageNamingAllWays()
    {
        var (result, options) = Parse();

        var ex = Assert.Throws<UsageException>(() => options.Resolve(result, new CapturedConsole(directory: _dir).Context));

        Assert.Contains("--endpoint", ex.Message);
        Assert.Contains("ARR_ENDPOINT", ex.Message);
        Assert.Contains("arr region", ex.Message);
    }

    [Fact]
    public void Resolve_EndpointNotHttp_ThrowsUsage()
    {
        var (result, options) = Parse("--endpoint", "localhost:5000", "--account-id", "a", "--account-key", "k");

        Assert.Throws<UsageException>(() => options.Resolve(result, new CapturedConsole(directory: _dir).Context));
    }

    [Fact]
    public void Resolve_MalformedRegionFile_ThrowsInvalidData()
    {
        WriteRegion("{ not json");
        var (result, options) = Parse();

        Assert.Throws<InvalidDataException>(() => options.Resolve(result, new CapturedConsole(directory: _dir).Context));
    }
}
