namespace ArrHost.ControlPlane.Domain;

/// <summary>An asset conversion as stored. Times are UTC; <see cref="Version"/> increases by one per stored change.</summary>
internal sealed class ConversionRecord
{
    public required string AccountId { get; init; }
    public required string Id { get; init; }
    public required ConversionSettings Settings { get; init; }
    public ConversionStatus Status { get; set; }
    public DateTimeOffset CreationTime { get; init; }
    public DateTimeOffset? EndTime { get; set; }
    /// <summary>The converted model's URI (file:// under the asset root) once Succeeded.</summary>
    public string? OutputAssetUri { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public long Version { get; set; }

    public bool IsFinished => Status is ConversionStatus.Succeeded or ConversionStatus.Failed or ConversionStatus.Cancelled;

    public ConversionRecord Clone() => (ConversionRecord)MemberwiseClone();
}
