using System.CommandLine;
using ArrHost.Cli.Output;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session show</c>: one session's properties.</summary>
internal static class SessionShowCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var id = SessionCommand.IdArgument();
        var command = new Command(
            "show",
            """
            Show one session: status, size, lease, render endpoint, start-up progress or error.

            Examples:
              arr session show demo-1
              arr session show demo-1 --json | jq -r .status
            """);
        command.Arguments.Add(id);
        common.AddTo(command);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var session = await client.OpenRenderingSessionAsync(r.GetValue(id)!, token).ConfigureAwait(false);
            var p = session.LastProperties;
            if (r.GetValue(common.Json))
            {
                context.Output.WriteLine(SessionOutput.Serialize(SessionOutput.ToJson(p)));
            }
            else
            {
                context.Out.Write(SessionOutput.Details(p));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
