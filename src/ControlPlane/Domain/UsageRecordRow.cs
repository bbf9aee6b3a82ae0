using ArrHost.Protos.V1;

namespace ArrHost.ControlPlane.Domain;

/// <summary>Billed time of one session: from Ready to its end.</summary>
internal sealed record UsageRow(string AccountId, string SessionId, SessionSize Size, DateTimeOffset Start, DateTimeOffset End);
