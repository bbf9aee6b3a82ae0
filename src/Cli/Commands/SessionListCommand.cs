using System.CommandLine;
using System.Text.Json.Nodes;
using ArrHost.Cli.Output;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session list</c>: the account's sessions.</summary>
internal static class SessionListCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var all = new Option<bool>("--all") { Description = "Include ended sessions (Stopped, Expired, Error) still kept." };
        var command = new Command(
            "list",
            """
            List the account's sessions, newest first: Starting and Ready ones, or with --all the ended ones too.

            Examples:
              arr session list
              arr session list --all --json
            """);
        common.AddTo(command);
        command.Options.Add(all);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var sessions = await client.GetRenderingSessionsAsync(r.GetValue(all), token).ConfigureAwait(false);
            if (r.GetValue(common.Json))
            {
                var array = new JsonArray(sessions.Select(s => (JsonNode)SessionOutput.ToJson(s)).ToArray());
                context.Output.WriteLine(SessionOutput.Serialize(new JsonObject { ["sessions"] = array }));
            }
            else if (sessions.Count == 0)
            {
                context.Output.WriteLine("No sessions.");
            }
            else
            {
                context.Out.Write(SessionOutput.List(sessions));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
