using ArrHost.Cli.Commands;
using ArrHost.Cli.Tests.Sessions;
using ArrHost.Tests.Fakes;

namespace ArrHost.Cli.Tests.Help;

/// <summary>The README promises that every command has --help with examples; this walks the real command tree.</summary>
public sealed class CommandHelpTests
{
    public static TheoryData<string> CommandPaths()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in CommandTree.Walk(ArrCommand.Create(new TestConsole().Context), "arr")) data.Add(path);
        return data;
    }

    [Fact]
    public void Walk_CommandTree_ReachesEveryCommand()
    {
        var paths = CommandTree.Walk(ArrCommand.Create(new TestConsole().Context), "arr").Select(p => p.Path).ToList();

        foreach (var command in new[] { "arr bench", "arr render", "arr session create", "arr demo", "arr region", "arr connect", "arr view" })
            Assert.Contains(command, paths);
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public void Description_EveryCommand_HasExamplesThatRunIt(string path)
    {
        var command = CommandTree.Walk(ArrCommand.Create(new TestConsole().Context), "arr").Single(p => p.Path == path).Command;

        CommandTree.AssertExamplesRun(path, command);
    }
}
