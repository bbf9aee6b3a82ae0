using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ArrHost.ControlPlane.Hosting;

namespace ArrHost.ControlPlane.Tests;

/// <summary>The arr-controlplane process as `arr region` starts it: switches, the ready line, both listeners.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Process_PortsZero_PrintsReadyLineAndServesRestWithDevAccount()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "arr-controlplane.dll");
        var db = Path.Combine(Path.GetTempPath(), "arr-cp-tests", Guid.NewGuid().ToString("N") + ".db");
        var psi = new ProcessStartInfo("dotnet", [dll, "--grpc-port", "0", "--rest-port", "0", "--store", "sqlite:" + db, "--startup-delay", "0", "--agent-key", "process-agent-key"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? ready = null;
            while (ready is null)
            {
                var line = await process.StandardOutput.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the process ended: " + await process.StandardError.ReadToEndAsync());
                if (line.StartsWith("ARR_CONTROLPLANE_READY ", StringComparison.Ordinal)) ready = line;
            }
            var fields = ready.Split(' ').Skip(1).Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            Assert.StartsWith("http://127.0.0.1:", fields["grpc"]);
            Assert.StartsWith("http://127.0.0.1:", fields["rest"]);
            Assert.Equal("local", fields["region"]);
            Assert.Equal(DevDefaults.AccountId, fields["account"]);
            Assert.Equal(DevDefaults.AccountKey, fields["key"]);

            using var http = new HttpClient { BaseAddress = new Uri(fields["rest"]) };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/alive", cts.Token)).StatusCode);
            var tokenRequest = new HttpRequestMessage(HttpMethod.Get, $"/accounts/{fields["account"]}/token");
            tokenRequest.Headers.TryAddWithoutValidation("Authorization", $"Bearer {fields["account"]}:{fields["key"]}");
            var tokenResponse = await http.SendAsync(tokenRequest, cts.Token);
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
            Assert.Equal(3, JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(cts.Token)).RootElement.GetProperty("AccessToken").GetString()!.Split('.').Length);
            Assert.True(File.Exists(db));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Process_InvalidOptions_ExitsWithTheReason()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "arr-controlplane.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "--grpc-port", "0", "--rest-port", "0", "--store", "mysql:x", "--region", "Bad Region"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Store must be", error + await output);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--colour", "unknown switch --colour")]
    [InlineData("--grpc-port=abc", "--grpc-port")]
    public async Task Process_BadSwitch_ExitsTwoNamingTheSwitchWithoutAStackTrace(string arg, string expected)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "arr-controlplane.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, arg, "blue"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (arg.Contains('=')) psi.ArgumentList.RemoveAt(psi.ArgumentList.Count - 1);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, error);
        Assert.StartsWith("arr-controlplane: ", error);
        Assert.DoesNotContain("   at ", error + await output, StringComparison.Ordinal);
    }
}
