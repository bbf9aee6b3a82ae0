namespace ArrHost.RenderHost.Sessions;

/// <summary>The answer to a client asking to connect: the lease, or an error code and message.</summary>
internal readonly record struct ClientAdmission(Lease? Lease, string ErrorCode, string Message);
