using ArrHost.Bench.Commands;
using ArrHost.Cli.Tests.Rendering;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Bench.Tests;

/// <summary><c>arr render</c> end to end on this machine's Vulkan device (lavapipe without a GPU).</summary>
[Trait("Category", "Gpu")]
public sealed class RenderCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-render-").FullName;
    private readonly CapturedConsole _console = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Render_BuiltinCube_WritesAFramedPng()
    {
        var png = Path.Combine(_dir, "cube.png");

        var code = await RunAsync("render", "builtin:cube", "--out", png, "--width", "320", "--height", "180");

        Assert.True(code == ExitCodes.Ok, _console.Error.ToString());
        var (rgba, w, h) = PngReader.Read(png);
        Assert.Equal((320, 180), (w, h));
        Assert.InRange(PngReader.Coverage(rgba, w, h), 0.10, 0.80);
        var output = _console.Output.ToString();
        Assert.Contains(png, output);
        Assert.Contains("12 triangles", output);
    }

    [Fact]
    public async Task Render_KhronosDuck_IsFramedAutomatically()
    {
        var png = Path.Combine(_dir, "duck.png");

        var code = await RunAsync("render", Samples("Duck/glTF-Binary/Duck.glb"), "--out", png, "--width", "320", "--height", "240", "--json");

        Assert.True(code == ExitCodes.Ok, _console.Error.ToString());
        var (rgba, w, h) = PngReader.Read(png);
        var coverage = PngReader.Coverage(rgba, w, h);
        Assert.InRange(coverage, 0.08, 0.80);
        Assert.Contains("\"triangles\": 4212", _console.Output.ToString());
        // The model is centred: about as much of it left as right of the middle.
        Assert.InRange(CentroidX(rgba, w, h) / w, 0.35, 0.65);
    }

    [Fact]
    public async Task Render_ExplicitCameraLookingAway_IsEmpty()
    {
        var png = Path.Combine(_dir, "away.png");

        var code = await RunAsync("render", "builtin:cube", "--out", png, "--width", "64", "--height", "64", "--camera", "0,0,5:0,0,10:45");

        Assert.Equal(ExitCodes.Ok, code);
        var (rgba, w, h) = PngReader.Read(png);
        Assert.Equal(0, PngReader.Coverage(rgba, w, h));
    }

    [Fact]
    public async Task Render_MissingFile_ExitsOneNamingThePath()
    {
        var missing = Path.Combine(_dir, "nope", "missing.glb");

        var code = await RunAsync("render", missing, "--out", Path.Combine(_dir, "x.png"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains(missing, _console.Error.ToString());
        Assert.False(File.Exists(Path.Combine(_dir, "x.png")));
    }

    [Fact]
    public async Task Render_MalformedModel_ExitsOneNamingTheProblem()
    {
        var bad = Path.Combine(_dir, "bad.gltf");
        await File.WriteAllTextAsync(bad, """{"asset":{"version":"2.0"},"buffers":[{"byteLength":-4}]""");

        var code = await RunAsync("render", bad, "--out", Path.Combine(_dir, "bad.png"));

        Assert.Equal(ExitCodes.Error, code);
        Assert.Contains("bad.gltf", _console.Error.ToString());
        Assert.Contains("JSON", _console.Error.ToString());
    }

    [Theory]
    [InlineData("--width", "8")]
    [InlineData("--camera", "1,2,3")]
    [InlineData("--out", "image.jpg")]
    public async Task Render_BadOptions_ExitTwo(string option, string value)
    {
        var args = new List<string> { "render", "builtin:cube", option, value };
        if (option != "--out") args.AddRange(["--out", Path.Combine(_dir, "y.png")]);

        var code = await RunAsync([.. args]);

        Assert.Equal(ExitCodes.Usage, code);
    }

    private Task<int> RunAsync(params string[] args)
    {
        var root = new System.CommandLine.RootCommand("test");
        root.Subcommands.Add(RenderCommand.Create(_console.Context));
        return CliRunner.InvokeAsync(root, args, new System.CommandLine.InvocationConfiguration { Output = _console.Output, Error = _console.Error });
    }

    private static double CentroidX(byte[] rgba, int w, int h)
    {
        double sum = 0;
        long n = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = (y * w + x) * 4;
                if (Math.Abs(rgba[i] - rgba[0]) + Math.Abs(rgba[i + 1] - rgba[1]) + Math.Abs(rgba[i + 2] - rgba[2]) > 40)
                {
                    sum += x;
                    n++;
                }
            }
        }

        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>A file of ../shared/gltf-samples beside the repository (found by walking up to ArrHost.sln).</summary>
    private static string Samples(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ArrHost.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var path = Path.GetFullPath(Path.Combine(dir!.FullName, "..", "shared", "gltf-samples", relative));
        Assert.True(File.Exists(path), $"{path} is missing");
        return path;
    }
}
