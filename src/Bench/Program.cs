using ArrHost.Bench.Commands;
using ArrHost.Tooling.CommandLine;

// arr-bench: `arr bench ...` and `arr render ...` run here (the arr CLI forwards them), or call it directly.
return await CliRunner.InvokeAsync(BenchRootCommand.Create(CliContext.Default()), args);
