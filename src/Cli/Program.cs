using ArrHost.Cli.Commands;
using ArrHost.Tooling.CommandLine;

// bench and render (and their --help) belong to arr-bench: forward before parsing anything here.
if (args.Length > 0 && BenchForwarder.Commands.Contains(args[0]))
    return await BenchForwarder.RunAsync(args, CancellationToken.None);
return await CliRunner.InvokeAsync(ArrCommand.Create(CliContext.Default()), args);
