using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Sessions;

/// <summary>A stored change of a session (a snapshot after the change) and why it happened.</summary>
internal sealed record SessionChange(SessionRecord Session, string Reason);
