using System.CommandLine;
using ArrHost.Bench.Commands;
using ArrHost.Tests.Fakes;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Bench.Tests.Help;

/// <summary>`arr bench ... --help` and `arr render --help` are answered by arr-bench's tree; every command there has examples.</summary>
public sealed class BenchHelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in CommandTree.Walk(BenchRootCommand.Create(new CapturedConsole().Context), "arr").Skip(1)) data.Add(path);
        return data;
    }

    [Fact]
    public void Walk_CommandTree_ReachesEveryBenchArea()
    {
        var paths = CommandTree.Walk(BenchRootCommand.Create(new CapturedConsole().Context), "arr").Select(p => p.Path).ToList();

        Assert.Contains("arr bench", paths);
        Assert.Contains("arr render", paths);
        foreach (var area in new[] { "rpc", "render", "encode", "controlplane" }) Assert.Contains("arr bench " + area, paths);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Description_EveryCommand_HasExamplesThatRunIt(string path)
    {
        var command = CommandTree.Walk(BenchRootCommand.Create(new CapturedConsole().Context), "arr").Single(p => p.Path == path).Command;

        CommandTree.AssertExamplesRun(path, command);
    }

    [Theory]
    [InlineData("bench")]
    [InlineData("bench", "render")]
    [InlineData("bench", "rpc")]
    [InlineData("render")]
    public async Task Help_BenchCommands_PrintTheExamples(params string[] args)
    {
        var console = new CapturedConsole();
        var output = new StringWriter();

        var code = await CliRunner.InvokeAsync(BenchRootCommand.Create(console.Context), [.. args, "--help"],
            new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("arr " + string.Join(' ', args), output.ToString(), StringComparison.Ordinal);
    }
}
