namespace ArrHost.Client;

/// <summary>Raised by <see cref="RenderingSession.ConnectionStatusChanged"/>.</summary>
public sealed class ConnectionStatusChangedEventArgs : EventArgs
{
    /// <summary>Creates the event arguments.</summary>
    /// <param name="status">The new status.</param>
    /// <param name="reason">Why; one of <see cref="ConnectionStatusReasons"/>.</param>
    /// <param name="message">Details for people; may be empty.</param>
    public ConnectionStatusChangedEventArgs(ConnectionStatus status, string reason, string message)
    {
        Status = status;
        Reason = reason;
        Message = message;
    }

    /// <summary>The new status.</summary>
    public ConnectionStatus Status { get; }

    /// <summary>Why; one of <see cref="ConnectionStatusReasons"/>.</summary>
    public string Reason { get; }

    /// <summary>Details for people; may be empty.</summary>
    public string Message { get; }
}
