using System.CommandLine;
using ArrHost.Cli.Commands;
using ArrHost.Cli.Output;
using ArrHost.Cli.Tests.Sessions;

namespace ArrHost.Cli.Tests.Help;

/// <summary>The README promises that every command has --help with examples; this walks the real command tree.</summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in Walk(ArrCommand.Create(new TestConsole().Context), "arr")) data.Add(path);
        return data;
    }

    [Fact]
    public void Walk_CommandTree_ReachesEveryBenchArea()
    {
        var paths = Walk(ArrCommand.Create(new TestConsole().Context), "arr").Select(p => p.Path).ToList();

        Assert.Contains("arr bench", paths);
        foreach (var area in new[] { "rpc", "render", "encode", "controlplane" }) Assert.Contains("arr bench " + area, paths);
        Assert.Contains("arr session create", paths);
        Assert.Contains("arr demo", paths);
        Assert.Contains("arr region", paths);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Description_EveryCommand_HasExamplesThatRunIt(string path)
    {
        var command = Walk(ArrCommand.Create(new TestConsole().Context), "arr").Single(p => p.Path == path).Command;
        var description = command.Description ?? "";

        var at = description.IndexOf("Examples:", StringComparison.Ordinal);
        Assert.True(at >= 0, $"`{path} --help` has no Examples: section");
        var examples = description[(at + "Examples:".Length)..]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
        Assert.NotEmpty(examples);
        // Each example is a command line of this very command ("arr ..." or "./arr ..."), so it can be pasted.
        Assert.All(examples, line => Assert.True(
            (line + " ").StartsWith(path + " ", StringComparison.Ordinal) || (line + " ").StartsWith("./" + path + " ", StringComparison.Ordinal),
            $"`{path}` example does not run it: {line}"));
    }

    [Theory]
    [InlineData("bench")]
    [InlineData("bench", "render")]
    [InlineData("bench", "rpc")]
    public async Task Help_BenchCommands_PrintTheExamples(params string[] args)
    {
        var console = new TestConsole();
        var output = new StringWriter();

        var code = await CliRunner.InvokeAsync(ArrCommand.Create(console.Context), [.. args, "--help"],
            new InvocationConfiguration { Output = output, Error = new StringWriter() });

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("Examples:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("./arr " + string.Join(' ', args), output.ToString(), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        // Hidden commands (e.g. the server half of `bench rpc`) are started by arr itself, not by people.
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var child in Walk(sub, path + " " + sub.Name)) yield return child;
        }
    }
}
