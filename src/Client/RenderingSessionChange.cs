namespace ArrHost.Client;

/// <summary>One change of a watched session.</summary>
/// <param name="Properties">The session as it is after the change.</param>
/// <param name="Reason">What changed, e.g. <c>Created</c>, <c>Progress</c>, <c>Ready</c>, <c>LeaseExtended</c>, <c>Stopped</c>.</param>
/// <param name="Sequence">Increases by one per change; a gap means changes were missed (e.g. while the watch reconnected).</param>
public sealed record RenderingSessionChange(RenderingSessionProperties Properties, string Reason, ulong Sequence);
