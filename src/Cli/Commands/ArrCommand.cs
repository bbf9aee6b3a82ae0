using System.CommandLine;
using ArrHost.Tooling.CommandLine;

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

        // Both run in arr-bench (the renderer and the benchmarks); see BenchForwarder.
        root.Subcommands.Add(BenchForwarder.Create("bench", """
            Benchmarks that print their numbers: the end-to-end matrix, or one area (rpc, render, encode, controlplane).
            Runs in arr-bench, which holds the renderer; `arr bench --help` lists its options.

            Examples:
              ./arr bench --quick
              ./arr bench render --first-frame-only
            """));
        root.Subcommands.Add(BenchForwarder.Create("render", """
            Render one frame of a model to a PNG on the render host's renderer (no region needed).
            Runs in arr-bench, which holds the renderer; `arr render --help` lists its options.

            Examples:
              ./arr render ../shared/gltf-samples/Duck/glTF-Binary/Duck.glb --out out/duck.png
            """));
        root.Subcommands.Add(RegionCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());

        // `arr session create|list|show|extend|stop|watch`.
        root.Subcommands.Add(SessionCommand.Create(context));
        root.Subcommands.Add(ConnectCommand.Create(context));
        root.Subcommands.Add(ViewCommand.Create(context));
        return root;
    }
}
