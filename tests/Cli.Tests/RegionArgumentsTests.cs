using System.CommandLine;
using ArrHost.Cli.Commands;
using ArrHost.Tooling.CommandLine;
using ArrHost.Tooling.Region;

namespace ArrHost.Cli.Tests;

/// <summary>What `arr region` and `arr demo` pass to the render hosts they start.</summary>
public sealed class RegionArgumentsTests
{
    private const string Allowed = "https://models.example.com/glTF/,http://127.0.0.1:8000/";

    /// <summary>The value that follows a switch in a host's arguments, or null when the switch is absent.</summary>
    private static string? ValueOf(IReadOnlyList<string> args, string name)
    {
        var i = args.ToList().IndexOf(name);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    [Fact]
    public void PlanRenderHosts_AllowedUrls_EveryHostGetsThem()
    {
        var options = new RegionOptions { Hosts = ["standard", "premium", "standard"], AllowedUrls = Allowed, HostArguments = ["--max-primitives", "5"] };

        var plan = LocalRegion.PlanRenderHosts(options, "http://127.0.0.1:5000", "key");

        Assert.Equal(["local-standard-1", "local-premium-1", "local-standard-2"], plan.Select(h => h.Id));
        Assert.All(plan, h => Assert.Equal(Allowed, ValueOf(h.Arguments, "--allowed-urls")));
        Assert.All(plan, h => Assert.Equal(h.Size, ValueOf(h.Arguments, "--size")));
        Assert.All(plan, h => Assert.Equal("5", ValueOf(h.Arguments, "--max-primitives")));
    }

    [Fact]
    public void PlanRenderHosts_NoAllowedUrls_NoSwitchSoHostsAllowNone()
    {
        var plan = LocalRegion.PlanRenderHosts(new RegionOptions(), "http://127.0.0.1:5000", "key");

        Assert.Equal(2, plan.Count);
        Assert.All(plan, h => Assert.DoesNotContain("--allowed-urls", h.Arguments));
    }

    [Fact]
    public void ReadOptions_RegionWithAllowedUrls_ReachesEveryHost()
    {
        var parse = RegionCommand.Create().Parse(["--hosts", "standard,premium", "--allowed-urls", Allowed]);

        var plan = LocalRegion.PlanRenderHosts(RegionCommand.ReadOptions(parse), "http://127.0.0.1:5000", "key");

        Assert.Empty(parse.Errors);
        Assert.All(plan, h => Assert.Equal(Allowed, ValueOf(h.Arguments, "--allowed-urls")));
    }

    [Fact]
    public void RegionOptionsFor_DemoWithAllowedUrls_ReachesEveryHost()
    {
        var parse = DemoCommand.Create().Parse(["--model", "https://models.example.com/glTF/Duck.glb", "--allowed-urls", Allowed]);

        var plan = LocalRegion.PlanRenderHosts(DemoCommand.RegionOptionsFor(parse, Path.GetTempPath()), "http://127.0.0.1:5000", "key");

        Assert.Empty(parse.Errors);
        Assert.Equal(2, plan.Count);
        Assert.All(plan, h => Assert.Equal(Allowed, ValueOf(h.Arguments, "--allowed-urls")));
    }

    [Fact]
    public void ReadOptions_Https_HostsTrustTheDevelopmentCertificate()
    {
        var parse = RegionCommand.Create().Parse(["--https"]);
        var options = RegionCommand.ReadOptions(parse);
        options.OutDirectory = "/tmp/arr-out";

        var plan = LocalRegion.PlanRenderHosts(options, "https://127.0.0.1:5000", "key");

        Assert.Empty(parse.Errors);
        Assert.True(options.Https);
        Assert.All(plan, h => Assert.Equal("/tmp/arr-out/tls/arr-dev.crt", ValueOf(h.Arguments, "--ca-cert")));
    }

    [Fact]
    public void ReadOptions_NoHttps_HostsGetNoCaCertificate()
    {
        var plan = LocalRegion.PlanRenderHosts(RegionCommand.ReadOptions(RegionCommand.Create().Parse([])), "http://127.0.0.1:5000", "key");

        Assert.All(plan, h => Assert.DoesNotContain("--ca-cert", h.Arguments));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("https://a.example/models/, http://127.0.0.1:8000/", true)]
    [InlineData("", true)]
    [InlineData("models.example.com", false)]
    [InlineData("https://a.example/,ftp://b.example/", false)]
    public void AllowedUrlsError_Value_OnlyHttpPrefixesOrStarAccepted(string value, bool accepted)
    {
        var error = RegionCommand.AllowedUrlsError(value);

        Assert.Equal(accepted, error is null);
        if (!accepted) Assert.StartsWith("--allowed-urls takes http(s) URL prefixes or *", error);
    }

    [Theory]
    [InlineData("region", "./arr region --allowed-urls ")]
    [InlineData("demo", "./arr demo --model https://models.example.com/glTF/Duck.glb --allowed-urls ")]
    public async Task Help_RegionAndDemo_DocumentAllowedUrlsWithAnExample(string command, string example)
    {
        var root = new RootCommand("test") { RegionCommand.Create(), DemoCommand.Create() };
        var output = new StringWriter();

        var code = await CliRunner.InvokeAsync(root, [command, "--help"], new InvocationConfiguration { Output = output });

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Matches(@"--allowed-urls <allowed-urls>\s+Comma-separated http\(s\) URL prefixes", output.ToString());
        Assert.Contains(example, output.ToString());
    }
}
