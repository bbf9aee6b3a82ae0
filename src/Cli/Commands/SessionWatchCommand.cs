using System.CommandLine;
using ArrHost.Cli.Output;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session watch</c>: prints a session's changes as they happen.</summary>
internal static class SessionWatchCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var id = SessionCommand.IdArgument();
        var command = new Command(
            "watch",
            """
            Print a session's current state, then every change (start-up progress, Ready, lease extended, stopped, ...),
            until it ends or Ctrl-C. Uses the server's watch stream (no polling) and reconnects when it drops.
            With --json, writes one JSON object per line.

            Examples:
              arr session watch demo-1
              arr session watch demo-1 --json | jq -c '{reason, status: .session.status}'
            """);
        command.Arguments.Add(id);
        common.AddTo(command);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var json = r.GetValue(common.Json);
            var session = await client.OpenRenderingSessionAsync(r.GetValue(id)!, token).ConfigureAwait(false);
            try
            {
                await foreach (var change in session.WatchAsync(token).ConfigureAwait(false))
                {
                    context.Output.WriteLine(json
                        ? SessionOutput.Serialize(SessionOutput.ToJson(change), indented: false)
                        : SessionOutput.Line(change, DateTimeOffset.UtcNow));
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Ctrl-C ends a watch normally.
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
