using ArrHost.Client;

namespace ArrHost.Tooling.CommandLine;

/// <summary>Turns every failure of a command into one message on stderr and one exit code, in one place.</summary>
public static class CliErrors
{
    public static int Report(CliContext context, Exception ex, CancellationToken cancellationToken)
    {
        var (code, message) = Classify(ex, cancellationToken);
        context.Error.WriteLine("arr: " + message);
        return code;
    }

    public static (int ExitCode, string Message) Classify(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.Cancelled, "cancelled."),
        UsageException u => (ExitCodes.Usage, u.Message),
        ArgumentException a => (ExitCodes.Usage, a.Message),
        InvalidDataException d => (ExitCodes.Usage, d.Message),
        RemoteRenderingException r => (CodeFor(r), Describe(r)),
        _ => (ExitCodes.Error, $"{ex.GetType().Name}: {ex.Message}"),
    };

    private static int CodeFor(RemoteRenderingException r) => r.ErrorCode switch
    {
        RemoteRenderingErrorCodes.NotFound => ExitCodes.NotFound,
        RemoteRenderingErrorCodes.Unauthenticated or RemoteRenderingErrorCodes.PermissionDenied => ExitCodes.Unauthenticated,
        RemoteRenderingErrorCodes.Unavailable or RemoteRenderingErrorCodes.RateLimited or RemoteRenderingErrorCodes.Timeout => ExitCodes.Unavailable,
        RemoteRenderingErrorCodes.SessionEnded => ExitCodes.SessionEnded,
        RemoteRenderingErrorCodes.InvalidArgument => ExitCodes.Usage,
        RemoteRenderingErrorCodes.FailedPrecondition or RemoteRenderingErrorCodes.Conflict or RemoteRenderingErrorCodes.OtherSessionConnected => ExitCodes.Refused,
        _ => ExitCodes.Error,
    };

    private static string Describe(RemoteRenderingException r)
    {
        var retry = r.RetryAfter is { } t ? $" (the server asks to retry after {t.TotalSeconds:0.#} s)" : "";
        return $"{r.Message} [{r.ErrorCode}]{retry}";
    }
}
