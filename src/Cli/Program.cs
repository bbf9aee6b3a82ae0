using System.CommandLine;

var root = new RootCommand("arr: run and use a local ArrHost remote-rendering region.");

// `arr bench <area>`: each benchmark adds its own subcommand here.
var bench = new Command("bench", "Benchmarks that print their numbers (rpc, render, encode, ...).");
bench.Subcommands.Add(ArrHost.Cli.Commands.BenchRenderCommand.Create());
root.Subcommands.Add(bench);

return await root.Parse(args).InvokeAsync();
