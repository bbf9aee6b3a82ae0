using System.CommandLine;

namespace ArrHost.Tests.Fakes;

/// <summary>Walks a command tree as people see it in --help.</summary>
internal static class CommandTree
{
    public static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        // Hidden commands (e.g. the server half of `bench rpc`) are started by the tools themselves, not by people.
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var child in Walk(sub, path + " " + sub.Name)) yield return child;
        }
    }

    /// <summary>Checks that a command's description ends in examples that each run that very command.</summary>
    public static void AssertExamplesRun(string path, Command command)
    {
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
}
