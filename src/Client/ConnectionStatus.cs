namespace ArrHost.Client;

/// <summary>The state of a session's render connection; the numbers match the real SDK.</summary>
public enum ConnectionStatus
{
    /// <summary>Not connected.</summary>
    Disconnected = 0,

    /// <summary>Opening the stream and waiting for the host's welcome.</summary>
    Connecting = 1,

    /// <summary>Connected: frames flow and commands are accepted.</summary>
    Connected = 2,
}
