using ArrHost.RenderHost.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ArrHost.RenderHost.Tests.Hosting;

/// <summary>The render host's switches (and ARR_* variables), their validation, and the ports it binds.</summary>
public sealed class RenderHostAppTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("arr-args-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Build_UnknownSwitch_RefusedListingTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => RenderHostApp.Build(["--colour", "blue"]));

        Assert.Contains("--colour", error.Message);
        Assert.Contains("--asset-root", error.Message);
    }

    [Fact]
    public void Build_SwitchWithoutValue_RefusedNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RenderHostApp.Build(["--port"]));

        Assert.Contains("--port needs a value", error.Message);
    }

    [Fact]
    public void Build_CaCertMissingFile_RefusedNamingIt()
    {
        var error = Assert.Throws<OptionsValidationException>(() => RenderHostApp.Build(["--ca-cert", "/nonexistent/ca.crt"]));

        Assert.Contains("/nonexistent/ca.crt", error.Message);
    }

    [Fact]
    public void Build_BadValues_EveryProblemNamedBySwitch()
    {
        var error = Assert.Throws<OptionsValidationException>(
            () => RenderHostApp.Build(["--shading", "flat", "--listen-address", "localhost:1", "--port", "70000", "--control-plane", "not a url"]));

        Assert.Contains("--shading", error.Message);
        Assert.Contains("--listen-address", error.Message);
        Assert.Contains("--port 70000", error.Message);
        Assert.Contains("--control-plane", error.Message);
    }

    [Fact]
    public async Task Build_SwitchesWithBothSpellings_Bound()
    {
        var ca = Path.Combine(_root, "ca.crt");
        File.WriteAllText(ca, "x");

        await using var app = RenderHostApp.Build(["--ca-cert", ca, "--size=premium", "--shading", "per-vertex", "--max-primitives", "5000"]);
        var o = app.Services.GetRequiredService<IOptions<RenderHostOptions>>().Value;

        Assert.Equal(ca, o.CaCertificate);
        Assert.Equal(Protos.V1.SessionSize.Premium, o.Size);
        Assert.Equal(Rendering.Gpu.ShadingMode.PerVertex, o.ShadingMode);
        Assert.Equal(5000, o.BudgetFor(Protos.V1.SessionSize.Premium));
    }

    [Fact]
    public async Task Start_PortsZero_ReadyLineNamesTheBoundPortsAndHealthAnswers()
    {
        await using var app = RenderHostApp.Build(["--host-id", "h-ports", "--port", "0", "--health-port", "0", "--log-level", "Warning"]);
        var ready = new StringWriter();

        await app.StartRenderHostAsync(ready);
        try
        {
            var line = ready.ToString();
            var endpoint = new Uri(Field(line, "endpoint"));
            var health = new Uri(Field(line, "health"));
            Assert.StartsWith("ARR_RENDERHOST_READY id=h-ports ", line);
            Assert.NotEqual(0, endpoint.Port);
            Assert.NotEqual(endpoint.Port, health.Port);
            using var http = new HttpClient();
            Assert.Equal("alive", await http.GetStringAsync(new Uri(health, "/alive")));
            Assert.Equal(endpoint.ToString().TrimEnd('/'), app.Services.GetRequiredService<HostIdentity>().RenderEndpoint);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static string Field(string line, string name) =>
        line.Split(' ', StringSplitOptions.TrimEntries).Single(p => p.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

    [Theory]
    [InlineData(new[] { "--colour", "blue" }, "unknown switch --colour")]
    [InlineData(new[] { "--port", "abc" }, "--port")]
    [InlineData(new[] { "--shading", "flat" }, "--shading must be auto, per-pixel or per-vertex")]
    public async Task Process_BadSwitch_ExitsTwoNamingTheSwitchWithoutAStackTrace(string[] args, string expected)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "arr-renderhost.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("arr-renderhost: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain("   at ", error + await output, StringComparison.Ordinal);
    }
}
