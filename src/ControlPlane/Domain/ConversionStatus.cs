namespace ArrHost.ControlPlane.Domain;

/// <summary>The states of an asset conversion, as the real service names them (stored as these integers).</summary>
internal enum ConversionStatus
{
    NotStarted = 0,
    Running = 1,
    Cancelled = 2,
    Failed = 3,
    Succeeded = 4,
}
