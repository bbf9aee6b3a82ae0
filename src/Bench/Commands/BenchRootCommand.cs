using System.CommandLine;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Bench.Commands;

/// <summary>
/// The command tree of arr-bench: `bench` (the end-to-end matrix and its areas) and `render` (one frame to a PNG),
/// the two commands of arr that need the renderer in their own process. `arr bench` and `arr render` forward here.
/// </summary>
internal static class BenchRootCommand
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("""
            arr-bench: the benchmarks and the single-frame renderer of ArrHost (arr bench and arr render run here).

            Examples:
              ./arr bench --quick
              ./arr render ../shared/gltf-samples/Duck/glTF-Binary/Duck.glb --out out/duck.png
            """);
        root.Subcommands.Add(CreateBench());
        root.Subcommands.Add(RenderCommand.Create(context));
        return root;
    }

    /// <summary>`bench &lt;area&gt;`: each benchmark adds its own subcommand here; with no area, the end-to-end matrix.</summary>
    public static Command CreateBench()
    {
        var bench = new Command("bench");
        bench.Subcommands.Add(BenchRpcCommand.Create());
        bench.Subcommands.Add(BenchRpcCommand.CreateServer());
        bench.Subcommands.Add(BenchControlPlaneCommand.Create());
        bench.Subcommands.Add(BenchEncodeCommand.Create());
        bench.Subcommands.Add(BenchRenderCommand.Create());
        BenchCommand.Configure(bench);
        return bench;
    }
}
