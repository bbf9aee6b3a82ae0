namespace ArrHost.RenderHost.Tests;

/// <summary>The render host's --ca-cert switch (ARR_CA_CERT), for a control plane served over TLS.</summary>
public sealed class RenderHostArgumentsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arr-args-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Parse_CaCertMissingFile_RefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RenderHostArguments.Parse(["--ca-cert", "/nonexistent/ca.crt"], _ => null));

        Assert.Contains("/nonexistent/ca.crt", error.Message);
    }

    [Fact]
    public void Parse_CaCertFromEnvironment_Kept()
    {
        var ca = Path.Combine(_root, "ca.crt");
        File.WriteAllText(ca, "x");

        var options = RenderHostArguments.Parse([], name => name == "ARR_CA_CERT" ? ca : null);

        Assert.Equal(ca, options.CaCertificate);
    }
}
