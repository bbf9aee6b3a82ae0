namespace ArrHost.ControlPlane.Conversions;

/// <summary>Input from a local folder: every path must stay inside it (also through symlinks).</summary>
internal sealed class LocalFolderSource(string folder, ByteBudget budget) : IAssetSource
{
    private readonly string _folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));

    public async Task<byte[]> ReadAsync(string relativePath, CancellationToken ct)
    {
        var full = Path.GetFullPath(Path.Combine(_folder, relativePath));
        if (!PathRules.IsUnder(full, _folder)) throw new ConversionFailure("InvalidInput", $"'{relativePath}' leaves the input container.");
        var info = new FileInfo(full);
        if (!info.Exists) throw new ConversionFailure("InputNotFound", $"'{relativePath}' does not exist in the input container.");
        if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target && !PathRules.IsUnder(target.FullName, _folder))
            throw new ConversionFailure("InvalidInput", $"'{relativePath}' links outside the input container.");
        budget.Charge(info.Length, relativePath);
        return await File.ReadAllBytesAsync(full, ct);
    }
}
