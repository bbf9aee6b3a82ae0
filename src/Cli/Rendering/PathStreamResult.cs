using ArrHost.Client;

namespace ArrHost.Cli.Rendering;

/// <summary>How a <see cref="PathStreamer"/> run ended.</summary>
/// <param name="Elapsed">How long poses were sent.</param>
/// <param name="PosesSent">Poses submitted.</param>
/// <param name="DisconnectReason">Why the connection ended during the run (see <see cref="ConnectionStatusReasons"/>); null when it stayed open.</param>
/// <param name="DisconnectMessage">The host's or the SDK's words on it.</param>
internal sealed record PathStreamResult(TimeSpan Elapsed, long PosesSent, string? DisconnectReason, string? DisconnectMessage);
