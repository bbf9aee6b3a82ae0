using ArrHost.Cli.Commands;
using ArrHost.Cli.Output;

return await CliRunner.InvokeAsync(ArrCommand.Create(CliContext.Default()), args);
