using System.CommandLine;
using ArrHost.Cli.Output;
using ArrHost.Client;
using ArrHost.Tooling.CommandLine;
using Spectre.Console;

namespace ArrHost.Cli.Commands;

/// <summary><c>arr session create</c>: creates a session, optionally waiting for Ready with a progress bar.</summary>
internal static class SessionCreateCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var size = new Option<string>("--size")
        {
            Description = "The host size: standard (at most 20 million primitives) or premium.",
            DefaultValueFactory = _ => "standard",
            HelpName = "standard|premium",
        };
        size.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<string>();
            if (!string.Equals(v, "standard", StringComparison.OrdinalIgnoreCase) && !string.Equals(v, "premium", StringComparison.OrdinalIgnoreCase))
            {
                r.AddError($"--size must be standard or premium, not '{v}'.");
            }
        });
        var lease = new Option<int>("--lease")
        {
            Description = "The lease in minutes (0..1440): the session expires this long after it is Ready.",
            DefaultValueFactory = _ => 60,
        };
        lease.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v is < 0 or > 1440) r.AddError("--lease must be 0..1440 minutes.");
        });
        var id = new Option<string?>("--id") { Description = "The session id (letters, digits, '-', '_'); generated when omitted." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the session is Ready, showing start-up progress." };

        var command = new Command(
            "create",
            """
            Create a rendering session. Prints the session (status Starting), or with --wait, waits until it is Ready.

            Examples:
              arr session create
              arr session create --size premium --lease 120 --id demo-1 --wait
              arr session create --wait --json | jq -r .id
            """);
        common.AddTo(command);
        command.Options.Add(size);
        command.Options.Add(lease);
        command.Options.Add(id);
        command.Options.Add(wait);
        command.SetAction((r, ct) => common.RunAsync(r, context, async (client, token) =>
        {
            var json = r.GetValue(common.Json);
            var session = await client.CreateNewRenderingSessionAsync(
                new RenderingSessionCreationOptions
                {
                    SessionId = r.GetValue(id),
                    MaxLeaseInMinutes = r.GetValue(lease),
                    Size = ParseSize(r.GetValue(size)!),
                },
                token).ConfigureAwait(false);
            var properties = session.LastProperties;
            if (r.GetValue(wait))
            {
                if (!json) context.Out.MarkupLine($"Session [bold]{Markup.Escape(session.SessionUuid)}[/] created; waiting until it is Ready (Ctrl-C stops waiting, not the session).");
                properties = json
                    ? await session.WaitForReadyAsync(null, token).ConfigureAwait(false)
                    : await WaitWithProgressAsync(context, session, token).ConfigureAwait(false);
            }

            if (json)
            {
                context.Output.WriteLine(SessionOutput.Serialize(SessionOutput.ToJson(properties)));
            }
            else
            {
                context.Out.Write(SessionOutput.Details(properties));
            }

            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    internal static RenderingSessionSize ParseSize(string value) => value.ToLowerInvariant() switch
    {
        "standard" => RenderingSessionSize.Standard,
        "premium" => RenderingSessionSize.Premium,
        _ => throw new UsageException($"unknown size '{value}': use standard or premium."),
    };

    internal static async Task<RenderingSessionProperties> WaitWithProgressAsync(CliContext context, RenderingSession session, CancellationToken cancellationToken)
    {
        RenderingSessionProperties? ready = null;
        await context.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Reserving", maxValue: 100);
                var progress = new Progress(p =>
                {
                    task.Description = Markup.Escape(SessionOutput.Describe(p));
                    task.Value = Math.Clamp(p.Fraction * 100, task.Value, 100);
                });
                ready = await session.WaitForReadyAsync(progress, cancellationToken).ConfigureAwait(false);
                task.Description = "Ready";
                task.Value = 100;
            }).ConfigureAwait(false);
        return ready!;
    }

    /// <summary>Reports synchronously (System.Progress would post to the thread pool, after the bar is gone).</summary>
    private sealed class Progress(Action<SessionStartupProgress> report) : IProgress<SessionStartupProgress>
    {
        public void Report(SessionStartupProgress value) => report(value);
    }
}
