namespace ArrHost.ControlPlane.Conversions;

/// <summary>Where a conversion reads its input from: files by path relative to the input container.</summary>
internal interface IAssetSource
{
    /// <summary>Reads one file; throws <see cref="ConversionFailure"/> when it is missing, outside the container or over the budget.</summary>
    Task<byte[]> ReadAsync(string relativePath, CancellationToken ct);
}
