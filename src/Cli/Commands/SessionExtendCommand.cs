using System.CommandLine;
using ArrHost.Cli.Output;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session extend</c>: sets a longer lease.</summary>
internal static class SessionExtendCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var id = SessionCommand.IdArgument();
        var lease = new Option<int>("--lease")
        {
            Description = "The new lease in minutes, counted from Ready (a total, not an increment): larger than the current one and below 1440.",
            Required = true,
        };
        lease.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v is <= 0 or >= 1440) r.AddError("--lease must be 1..1439 minutes.");
        });
        var command = new Command(
            "extend",
            """
            Extend a session's lease (allowed while Starting or Ready).

            Examples:
              arr session extend demo-1 --lease 90
            """);
        command.Arguments.Add(id);
        command.Options.Add(lease);
        common.AddTo(command);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var session = await client.OpenRenderingSessionAsync(r.GetValue(id)!, token).ConfigureAwait(false);
            var p = await session.RenewAsync(new RenewalOptions { MaxLeaseInMinutes = r.GetValue(lease) }, token).ConfigureAwait(false);
            if (r.GetValue(common.Json))
            {
                context.Output.WriteLine(SessionOutput.Serialize(SessionOutput.ToJson(p)));
            }
            else
            {
                context.Output.WriteLine($"Session {p.Id}: lease is now {p.MaxLeaseInMinutes} min ({p.ElapsedTimeInMinutes} used).");
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
