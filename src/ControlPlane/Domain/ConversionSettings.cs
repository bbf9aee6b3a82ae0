namespace ArrHost.ControlPlane.Domain;

/// <summary>
/// A conversion's input and output locations, as the 2021-01-01 API names them. The SAS fields are kept (a
/// retry with the same settings is idempotent) but never echoed back, as the real service does.
/// </summary>
internal sealed record ConversionSettings(
    string InputContainer,
    string? InputReadSas,
    string InputBlobPrefix,
    string RelativeInputAssetPath,
    string OutputContainer,
    string? OutputWriteSas,
    string OutputBlobPrefix,
    string? OutputAssetFilename);
