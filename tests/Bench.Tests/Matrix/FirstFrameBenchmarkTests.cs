using System.CommandLine;
using ArrHost.Bench.Commands;
using ArrHost.Bench.Matrix;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Bench.Tests.Matrix;

public sealed class FirstFrameBenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("arr-first-frame-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Markdown_ThreeRuns_MediansOfEachPartAndTheGoalMet()
    {
        var result = new FirstFrameResult
        {
            Model = "/x/FlightHelmet.gltf",
            Width = 1280,
            Height = 720,
            Triangles = 59_040,
            Runs = [new(700, 200, 50), new(400, 100, 30), new(500, 120, 40)],
        };

        var md = FirstFrameBenchmark.Markdown(result);

        Assert.Contains("## Loading: FlightHelmet from disk to first frame (goal < 1 s)", md, StringComparison.Ordinal);
        Assert.Contains("59,040 triangles", md, StringComparison.Ordinal);
        // Medians 500 / 120 / 40; the totals are 950, 530, 660: median 660, not 500 + 120 + 40.
        Assert.Contains("| 500.0 | 120.0 | 40.0 | **660.0** | 530.0 / 950.0 | 950.0 | met (< 1000 ms) |", md, StringComparison.Ordinal);
        Assert.True(result.MeetsGoal);
    }

    [Fact]
    public void Markdown_MedianOverOneSecond_GoalMissed()
    {
        var result = new FirstFrameResult { Model = "m.gltf", Runs = [new(900, 100, 10), new(950, 90, 20)] };

        Assert.False(result.MeetsGoal);
        Assert.Contains("**missed** (< 1000 ms)", FirstFrameBenchmark.Markdown(result), StringComparison.Ordinal);
        Assert.Contains("missed", FirstFrameBenchmark.Summary(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_NoSamplesBesideTheRepository_SkippedNamingThePath()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_dir, "repo")).FullName;
        File.WriteAllText(Path.Combine(repo, "ArrHost.sln"), "");
        var nested = Directory.CreateDirectory(Path.Combine(repo, "src", "Cli")).FullName;

        var (path, reason) = FirstFrameBenchmark.Locate(null, [nested]);

        Assert.Null(path);
        Assert.Contains(Path.Combine(_dir, "shared", "gltf-samples", "FlightHelmet", "glTF", "FlightHelmet.gltf"), reason, StringComparison.Ordinal);
        var skipped = FirstFrameResult.Skipped("FlightHelmet.gltf", reason!);
        Assert.Null(skipped.MeetsGoal);
        Assert.Contains("Skipped: the glTF samples are missing", FirstFrameBenchmark.Markdown(skipped), StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_SamplesBesideTheRepository_FoundFromAFolderInside()
    {
        var repo = Directory.CreateDirectory(Path.Combine(_dir, "repo")).FullName;
        File.WriteAllText(Path.Combine(repo, "ArrHost.sln"), "");
        var model = Path.Combine(_dir, "shared", "gltf-samples", "FlightHelmet", "glTF", "FlightHelmet.gltf");
        Directory.CreateDirectory(Path.GetDirectoryName(model)!);
        File.WriteAllText(model, "{}");

        var (path, reason) = FirstFrameBenchmark.Locate(null, [Path.Combine(repo)]);

        Assert.Equal(model, path);
        Assert.Null(reason);
    }

    [Fact]
    public void Locate_ExplicitMissingFile_SkippedNamingIt()
    {
        var missing = Path.Combine(_dir, "nope.gltf");

        var (path, reason) = FirstFrameBenchmark.Locate(missing, []);

        Assert.Null(path);
        Assert.Equal($"{missing} does not exist", reason);
    }

    [Fact]
    [Trait("Category", "Gpu")]
    public async Task BenchRender_FirstFrameOnly_WritesTheLoadingSectionWithEveryPart()
    {
        var md = Path.Combine(_dir, "render.md");

        // One run keeps the test short on lavapipe; 0 s quiet wait: the test measures nothing, it checks the plumbing.
        var code = await RunAsync("bench", "render", "--first-frame-only", "--first-frame-runs", "1", "--quiet-wait", "0", "--out", md);

        // 3 is a missed goal on a loaded machine: still a measurement.
        Assert.True(code is 0 or 3, $"exit {code}");
        var text = File.ReadAllText(md);
        Assert.Contains("## Loading: FlightHelmet from disk to first frame (goal < 1 s)", text, StringComparison.Ordinal);
        Assert.Contains("| load | upload | first frame | **total** | total min / max | run 1 total | goal |", text, StringComparison.Ordinal);
        Assert.Matches(@"\| \d+\.\d \| \d+\.\d \| \d+\.\d \| \*\*\d+\.\d\*\* \|", text);
        // No sphere field was asked for: no table of it.
        Assert.DoesNotContain("| res | tris |", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BenchRender_FirstFrameOnlyWithAMissingModel_ExitsOneWithoutMeasuring()
    {
        var md = Path.Combine(_dir, "render.md");

        var code = await RunAsync("bench", "render", "--first-frame-only", "--first-frame-model", Path.Combine(_dir, "missing.gltf"), "--out", md);

        Assert.Equal(1, code);
        Assert.False(File.Exists(md));
    }

    [Theory]
    [InlineData("--first-frame-only", "--no-first-frame")]
    [InlineData("--first-frame-runs", "0")]
    public async Task BenchRender_ContradictoryFirstFrameOptions_ExitTwo(params string[] options)
    {
        Assert.Equal(2, await RunAsync(["bench", "render", .. options]));
    }

    private static Task<int> RunAsync(params string[] args)
    {
        var root = new RootCommand("test") { new Command("bench") { BenchRenderCommand.Create() } };
        return CliRunner.InvokeAsync(root, args, new InvocationConfiguration { Output = new StringWriter(), Error = new StringWriter() });
    }
}
