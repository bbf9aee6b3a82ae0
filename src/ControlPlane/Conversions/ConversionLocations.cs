using ArrHost.ControlPlane.Domain;
using ArrHost.ControlPlane.Hosting;
using Microsoft.Extensions.Options;

namespace ArrHost.ControlPlane.Conversions;

/// <summary>
/// Maps a conversion's storage containers onto this region. Input: a <c>file://</c> folder under the asset root (or
/// another configured input root), or an http(s) container under an allowed prefix. Output: a <c>file://</c> folder
/// under the asset root, where the render hosts load models from; the converted model is always a .glb.
/// </summary>
internal sealed class ConversionLocations
{
    private readonly string _assetRoot;
    private readonly string[] _inputRoots;
    private readonly string[] _allowedUrls;

    public ConversionLocations(IOptions<ControlPlaneOptions> options)
    {
        var o = options.Value;
        _assetRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(o.AssetRoot));
        _inputRoots = [_assetRoot, .. Split(o.ConversionInputRoots).Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)))];
        _allowedUrls = Split(o.AllowedUrls);
    }

    public string AssetRoot => _assetRoot;

    /// <summary>Checks everything that can be checked before the conversion runs; throws BadRequest naming the field.</summary>
    public void Validate(ConversionSettings s)
    {
        InputContainer(s);
        if (!PathRules.IsSafeRelative(s.RelativeInputAssetPath))
            throw ArrException.BadRequest("settings.inputLocation.relativeInputAssetPath must be a path inside the container ('folder/model.gltf'), without '..'.");
        if (!IsModelName(s.RelativeInputAssetPath))
            throw ArrException.BadRequest($"settings.inputLocation.relativeInputAssetPath '{s.RelativeInputAssetPath}' must name a .gltf or .glb file; other formats are not converted here.");
        if (!PathRules.IsSafePrefix(s.InputBlobPrefix))
            throw ArrException.BadRequest("settings.inputLocation.blobPrefix must be a path inside the container, without '..'.");
        if (!s.RelativeInputAssetPath.StartsWith(s.InputBlobPrefix, StringComparison.Ordinal))
            throw ArrException.BadRequest("settings.inputLocation.relativeInputAssetPath must start with settings.inputLocation.blobPrefix.");
        OutputFile(s);
    }

    /// <summary>The input container as a local folder or an http(s) URI.</summary>
    public (string? Folder, Uri? Url) InputContainer(ConversionSettings s)
    {
        var uri = ParseContainer(s.InputContainer, "settings.inputLocation.storageContainerUri");
        if (uri.IsFile)
        {
            var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uri.LocalPath));
            if (!_inputRoots.Any(r => folder == r || PathRules.IsUnder(folder, r)))
                throw ArrException.BadRequest($"settings.inputLocation.storageContainerUri '{s.InputContainer}' is not under the asset root or an input root of this region.");
            return (folder, null);
        }
        if (!_allowedUrls.Any(p => p == "*" || uri.AbsoluteUri.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            throw ArrException.BadRequest($"settings.inputLocation.storageContainerUri '{s.InputContainer}' is not under a URL prefix this region allows (--allowed-urls).");
        return (null, uri);
    }

    /// <summary>The full path of the .glb the conversion writes, under the asset root.</summary>
    public string OutputFile(ConversionSettings s)
    {
        var uri = ParseContainer(s.OutputContainer, "settings.outputLocation.storageContainerUri");
        if (!uri.IsFile)
            throw ArrException.BadRequest("settings.outputLocation.storageContainerUri must be a file:// folder under the asset root: render hosts load converted models from there.");
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(uri.LocalPath));
        if (folder != _assetRoot && !PathRules.IsUnder(folder, _assetRoot))
            throw ArrException.BadRequest($"settings.outputLocation.storageContainerUri '{s.OutputContainer}' is not under the asset root of this region ({new Uri(_assetRoot).AbsoluteUri}).");
        if (!PathRules.IsSafePrefix(s.OutputBlobPrefix))
            throw ArrException.BadRequest("settings.outputLocation.blobPrefix must be a path inside the container, without '..'.");
        var name = OutputName(s);
        var relative = s.OutputBlobPrefix.Length == 0 ? name : s.OutputBlobPrefix.TrimEnd('/') + "/" + name;
        if (!PathRules.IsSafeRelative(relative))
            throw ArrException.BadRequest("settings.outputLocation.outputAssetFilename must be a file name without '/' or '..'.");
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        if (!PathRules.IsUnder(full, _assetRoot)) throw ArrException.BadRequest("The output file would leave the asset root.");
        return full;
    }

    /// <summary>The output's file name: the one asked for (an .arrAsset name becomes .glb, the form hosts load), else the input's name as .glb.</summary>
    private static string OutputName(ConversionSettings s)
    {
        var name = s.OutputAssetFilename;
        if (string.IsNullOrEmpty(name)) return Path.ChangeExtension(s.RelativeInputAssetPath.Split('/')[^1], ".glb");
        if (name.Contains('/') || name.Contains('\\')) throw ArrException.BadRequest("settings.outputLocation.outputAssetFilename must be a file name without '/'.");
        if (name.EndsWith(".arrAsset", StringComparison.OrdinalIgnoreCase)) return Path.ChangeExtension(name, ".glb");
        if (!name.EndsWith(".glb", StringComparison.OrdinalIgnoreCase))
            throw ArrException.BadRequest($"settings.outputLocation.outputAssetFilename '{name}' must end in .glb (or .arrAsset, written as .glb).");
        return name;
    }

    private static Uri ParseContainer(string text, string field)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeFile && uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ArrException.BadRequest($"{field} must be an absolute file://, http:// or https:// URI; got '{text}'.");
        if (uri.Scheme != Uri.UriSchemeFile && (uri.Query.Length > 0 || uri.Fragment.Length > 0))
            throw ArrException.BadRequest($"{field} must not carry a query or fragment; put a SAS in its own field.");
        if (uri.IsFile && !uri.IsLoopback && !string.IsNullOrEmpty(uri.Host))
            throw ArrException.BadRequest($"{field} must be a local file:/// folder; got host '{uri.Host}'.");
        return uri;
    }

    private static bool IsModelName(string path) =>
        path.EndsWith(".gltf", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".glb", StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string? list) =>
        string.IsNullOrWhiteSpace(list) ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
