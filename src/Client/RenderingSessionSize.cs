namespace ArrHost.Client;

/// <summary>The size of a session's render host.</summary>
public enum RenderingSessionSize
{
    /// <summary>Not set.</summary>
    Unknown = 0,

    /// <summary>At most 20 million primitives; beyond that the host renders a checkerboard.</summary>
    Standard = 1,

    /// <summary>No fixed primitive limit; bounded by device memory only.</summary>
    Premium = 2,
}
