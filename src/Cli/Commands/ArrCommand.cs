using System.CommandLine;
using ArrHost.Cli.Output;

namespace ArrHost.Cli.Commands;

/// <summary>The whole `arr` command tree, built in one place so that tests walk the same tree people run.</summary>
internal static class ArrCommand
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("""
            arr: run and use a local ArrHost remote-rendering region. Every command has --help with examples.

            Examples:
              ./arr demo
              ./arr region
              ./arr session create --size standard --lease 60 --wait
              ./arr render ../shared/gltf-samples/Duck/glTF-Binary/Duck.glb --out out/duck.png
              ./arr bench --quick
            """);

        // `arr bench <area>`: each benchmark adds its own subcommand here.
        var bench = new Command("bench");
        bench.Subcommands.Add(BenchRpcCommand.Create());
        bench.Subcommands.Add(BenchRpcCommand.CreateServer());
        bench.Subcommands.Add(BenchControlPlaneCommand.Create());
        bench.Subcommands.Add(BenchEncodeCommand.Create());
        bench.Subcommands.Add(BenchRenderCommand.Create());
        // `arr bench` with no area: the end-to-end matrix (issue 7).
        BenchCommand.Configure(bench);
        root.Subcommands.Add(bench);
        root.Subcommands.Add(RegionCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());

        // `arr session create|list|show|extend|stop|watch`.
        root.Subcommands.Add(SessionCommand.Create(context));
        root.Subcommands.Add(RenderCommand.Create(context));
        root.Subcommands.Add(ConnectCommand.Create(context));
        root.Subcommands.Add(ViewCommand.Create(context));
        return root;
    }
}
