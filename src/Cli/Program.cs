using System.CommandLine;
using ArrHost.Cli.Commands;
using ArrHost.Cli.Output;

var root = new RootCommand("arr: run and use a local ArrHost remote-rendering region.");

// `arr bench <area>`: each benchmark adds its own subcommand here.
var bench = new Command("bench", "Benchmarks that print their numbers (rpc, render, encode, ...).");
bench.Subcommands.Add(ArrHost.Cli.Commands.BenchRpcCommand.Create());
bench.Subcommands.Add(ArrHost.Cli.Commands.BenchControlPlaneCommand.Create());
bench.Subcommands.Add(ArrHost.Cli.Commands.BenchEncodeCommand.Create());
bench.Subcommands.Add(ArrHost.Cli.Commands.BenchRenderCommand.Create());
// `arr bench` with no area: the end-to-end matrix (issue 7).
BenchCommand.Configure(bench);
root.Subcommands.Add(bench);
root.Subcommands.Add(ArrHost.Cli.Commands.RegionCommand.Create());
root.Subcommands.Add(ArrHost.Cli.Commands.DemoCommand.Create());

// `arr session create|list|show|extend|stop|watch`.
root.Subcommands.Add(SessionCommand.Create(CliContext.Default()));
root.Subcommands.Add(RenderCommand.Create(CliContext.Default()));
root.Subcommands.Add(ConnectCommand.Create(CliContext.Default()));

return await CliRunner.InvokeAsync(root, args);
