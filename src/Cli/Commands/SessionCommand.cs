using System.CommandLine;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary>The <c>arr session</c> command group.</summary>
internal static class SessionCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "session",
            """
            Create, inspect, extend, stop and watch rendering sessions of a region.
            The endpoint and account default to $ARR_ENDPOINT/$ARR_ACCOUNT_ID/$ARR_ACCOUNT_KEY, else to out/region.json (written by `arr region`).
            Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 unauthenticated, 5 unavailable/rate limited, 6 session ended, 7 refused, 130 cancelled.

            Examples:
              arr session create --size premium --lease 120 --wait
              arr session list --json
              arr session stop my-session
            """);
        command.Subcommands.Add(SessionCreateCommand.Create(context));
        command.Subcommands.Add(SessionListCommand.Create(context));
        command.Subcommands.Add(SessionShowCommand.Create(context));
        command.Subcommands.Add(SessionExtendCommand.Create(context));
        command.Subcommands.Add(SessionStopCommand.Create(context));
        command.Subcommands.Add(SessionWatchCommand.Create(context));
        return command;
    }

    /// <summary>The session id argument the single-session commands take.</summary>
    public static Argument<string> IdArgument() => new("id") { Description = "The session id." };
}
