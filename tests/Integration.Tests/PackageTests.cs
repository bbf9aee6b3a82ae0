using System.Diagnostics;
using System.IO.Compression;

namespace ArrHost.Integration.Tests;

/// <summary>The SDK as a NuGet package, restored from a local folder by an application outside the repository; arr as a dotnet tool.</summary>
public sealed class PackageTests
{
    private static readonly string s_root = ArrBuild.Locate().Root;

    [Fact]
    public async Task Pack_Sdk_ConsumerRestoresFromLocalFolderBuildsAndRuns()
    {
        var work = Directory.CreateTempSubdirectory("arr-package-").FullName;
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            foreach (var project in new[] { "src/Protos", "src/Rpc", "src/Client" })
            {
                var (code, output) = await RunAsync("dotnet", $"pack {Path.Combine(s_root, project)} -c {ArrBuild.Configuration} --no-build -o {feed} -nologo", s_root);
                Assert.True(code == 0, output);
            }

            var package = Assert.Single(Directory.GetFiles(feed, "ArrHost.Client.*.nupkg"));
            using (var zip = ZipFile.OpenRead(package))
            {
                var names = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("README.md", names);
                Assert.Contains("lib/net10.0/ArrHost.Client.dll", names);
                Assert.Contains("lib/net10.0/ArrHost.Client.xml", names);
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                var manifest = await nuspec.ReadToEndAsync();
                Assert.Contains("<readme>README.md</readme>", manifest);
                Assert.Contains("id=\"Grpc.Net.Client\"", manifest);
                Assert.DoesNotContain("ArrHost.Rpc.Server", manifest);
            }

            // The SDK's gRPC layer is the client half only: an application does not get ASP.NET Core with it.
            foreach (var dependency in new[] { "ArrHost.Rpc", "ArrHost.Protos" })
            {
                using var zip = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(feed, dependency + ".0*.nupkg")));
                using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
                Assert.DoesNotContain("Microsoft.AspNetCore", await nuspec.ReadToEndAsync());
            }

            // A consumer outside the repository: none of its props or central versions apply.
            var app = Directory.CreateDirectory(Path.Combine(work, "app")).FullName;
            var version = Path.GetFileNameWithoutExtension(package)["ArrHost.Client.".Length..];
            await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "app.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ArrHost.Client" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), """
                using ArrHost.Client;
                using ArrHost.Client.Decoding;

                var options = new RemoteRenderingClientOptions { Endpoint = new Uri("http://127.0.0.1:1"), AccountId = "a", AccountKey = "k" };
                options.ConfigureChannel = o => o.MaxReceiveMessageSize = 1 << 20;
                options.Validate();
                using var client = new RemoteRenderingClient(options);
                Console.WriteLine($"ok {FrameDecoders.RgbaBufferSize(4, 2)} {FrameCodec.H264}");
                """);

            var (runCode, runOutput) = await RunAsync("dotnet", "run -c Release -nologo", app);
            Assert.True(runCode == 0, runOutput);
            Assert.Contains("ok 32 H264", runOutput);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Pack_Cli_InstallsAsADotnetToolThatRendersThroughTheCheckoutsBuild()
    {
        var work = Directory.CreateTempSubdirectory("arr-tool-").FullName;
        try
        {
            var feed = Directory.CreateDirectory(Path.Combine(work, "feed")).FullName;
            var (packCode, packOutput) = await RunAsync("dotnet", $"pack {Path.Combine(s_root, "src/Cli")} -c {ArrBuild.Configuration} --no-build -o {feed} -nologo", s_root);
            Assert.True(packCode == 0, packOutput);
            var package = Assert.Single(Directory.GetFiles(feed, "ArrHost.Cli.*.nupkg"));
            using (var zip = ZipFile.OpenRead(package))
            {
                var names = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("tools/net10.0/any/arr.dll", names);
                // No host program, renderer or store inside the tool: it finds those, it does not carry them.
                Assert.DoesNotContain(names, n => n.Contains("arr-renderhost", StringComparison.Ordinal) || n.Contains("arr-controlplane", StringComparison.Ordinal)
                    || n.Contains("Silk.NET", StringComparison.Ordinal) || n.Contains("Sqlite", StringComparison.Ordinal) || n.Contains("Npgsql", StringComparison.Ordinal));
            }

            var tools = Path.Combine(work, "tools");
            var version = Path.GetFileNameWithoutExtension(package)["ArrHost.Cli.".Length..];
            var (installCode, installOutput) = await RunAsync("dotnet", $"tool install ArrHost.Cli --tool-path {tools} --add-source {feed} --version {version}", work);
            Assert.True(installCode == 0, installOutput);

            var png = Path.Combine(work, "cube.png");
            var (renderCode, renderOutput) = await RunAsync(Path.Combine(tools, "arr"), $"render builtin:cube --width 64 --height 48 --out {png}", work,
                new Dictionary<string, string> { ["ARR_BIN_DIR"] = s_root });
            Assert.True(renderCode == 0, renderOutput);
            Assert.True(new FileInfo(png).Length > 100, renderOutput);

            var (missingCode, missingOutput) = await RunAsync(Path.Combine(tools, "arr"), "render builtin:cube", work);
            Assert.Equal(1, missingCode);
            Assert.Contains("arr-bench.dll was not found", missingOutput);
            Assert.Contains("ARR_BIN_DIR", missingOutput);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string args, string directory, Dictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file, args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment.Remove("ARR_BIN_DIR");
        foreach (var (k, v) in env ?? []) info.Environment[k] = v;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out: " + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
