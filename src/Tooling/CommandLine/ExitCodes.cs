namespace ArrHost.Tooling.CommandLine;

/// <summary>The exit codes of the arr commands, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Any other failure.</summary>
    public const int Error = 1;

    /// <summary>Bad command line, or missing endpoint/account settings.</summary>
    public const int Usage = 2;

    /// <summary>The session (or other named thing) does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>The account id/key or token was refused.</summary>
    public const int Unauthenticated = 4;

    /// <summary>The region could not be reached, or kept rate limiting.</summary>
    public const int Unavailable = 5;

    /// <summary>The session ended (stopped, expired, failed) where it was expected to be alive or become Ready.</summary>
    public const int SessionEnded = 6;

    /// <summary>The request was refused as invalid in the current state (e.g. a lease that is not larger).</summary>
    public const int Refused = 7;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
