using ArrHost.ControlPlane.Domain;

namespace ArrHost.ControlPlane.Store;

/// <summary>One page of sessions and the cursor of the next one (null on the last page).</summary>
internal sealed record SessionPage(IReadOnlyList<SessionRecord> Sessions, string? NextCursor);
