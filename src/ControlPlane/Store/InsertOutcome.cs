namespace ArrHost.ControlPlane.Store;

/// <summary>The outcome of inserting a session.</summary>
internal enum InsertOutcome
{
    Inserted,
    AlreadyExists,
    QuotaExceeded,
}
