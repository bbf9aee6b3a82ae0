using System.CommandLine;
using ArrHost.Cli.Output;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session stop</c>: stops a session (irreversible).</summary>
internal static class SessionStopCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var id = SessionCommand.IdArgument();
        var command = new Command(
            "stop",
            """
            Stop a session. Irreversible: the connected client is closed at once and billing stops.

            Examples:
              arr session stop demo-1
            """);
        command.Arguments.Add(id);
        common.AddTo(command);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var session = await client.OpenRenderingSessionAsync(r.GetValue(id)!, token).ConfigureAwait(false);
            var p = await session.StopAsync(token).ConfigureAwait(false);
            if (r.GetValue(common.Json))
            {
                context.Output.WriteLine(SessionOutput.Serialize(SessionOutput.ToJson(p)));
            }
            else
            {
                context.Output.WriteLine($"Session {p.Id} is {p.Status}.");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
