using System.Text.Json;
using ArrHost.RenderHost.Scene;

namespace ArrHost.RenderHost.Gltf;

/// <summary>
/// Loads glTF 2.0 (.gltf with external or data: resources, and .glb) into a <see cref="ModelData"/>.
/// Every problem with the input is a <see cref="GltfLoadException"/> naming it; sizes are checked
/// against the file's actual bytes and <see cref="GltfLoadOptions"/> before anything is allocated.
/// </summary>
internal static class GltfLoader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <summary>Extensions implemented; others in extensionsRequired fail the load, others in extensionsUsed give a warning.</summary>
    public static IReadOnlyList<string> SupportedExtensions => GltfModelBuilder.SupportedExtensions;

    public static ModelData Load(string path, GltfLoadOptions? options = null) =>
        LoadFile(path, options ?? GltfLoadOptions.Default, null, CancellationToken.None);

    public static ModelData Load(ReadOnlyMemory<byte> glbOrGltf, string? baseDirectory, GltfLoadOptions? options = null) =>
        LoadMemory(glbOrGltf, "model", baseDirectory, options ?? GltfLoadOptions.Default, null, CancellationToken.None);

    public static async Task<ModelData> LoadAsync(string path, GltfLoadOptions? options = null,
        IProgress<(float fraction, string stage)>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= GltfLoadOptions.Default;
        var (fullPath, baseDir, realRoot) = ResolveModelPath(path, options);
        progress?.Report((0f, "read"));
        byte[] bytes = await ReadModelFileAsync(fullPath, options.MaxFileBytes, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => LoadCore(bytes, ModelName(path), baseDir, realRoot, options, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public static Task<ModelData> LoadAsync(ReadOnlyMemory<byte> glbOrGltf, string? baseDirectory, GltfLoadOptions? options = null,
        IProgress<(float fraction, string stage)>? progress = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => LoadMemory(glbOrGltf, "model", baseDirectory, options ?? GltfLoadOptions.Default, progress, cancellationToken), cancellationToken);

    private static ModelData LoadFile(string path, GltfLoadOptions options, IProgress<(float, string)>? progress, CancellationToken ct)
    {
        var (fullPath, baseDir, realRoot) = ResolveModelPath(path, options);
        progress?.Report((0f, "read"));
        var bytes = GltfModelBuilder.ReadFileLimited(fullPath, options.MaxFileBytes, "model file");
        return LoadCore(bytes, ModelName(path), baseDir, realRoot, options, progress, ct);
    }

    private static ModelData LoadMemory(ReadOnlyMemory<byte> data, string name, string? baseDirectory, GltfLoadOptions options,
        IProgress<(float, string)>? progress, CancellationToken ct)
    {
        options.Validate();
        string? baseDir = null, realRoot = null;
        if (baseDirectory is not null)
        {
            baseDir = Path.GetFullPath(baseDirectory);
            realRoot = GltfPaths.RealPath(options.RootDirectory ?? baseDir);
            if (options.RootDirectory is not null && GltfPaths.RealPath(baseDir) is var realBase && realBase != realRoot && !GltfPaths.IsInside(realBase, realRoot))
                throw new GltfLoadException($"base directory {baseDir} is outside the root folder {realRoot}");
        }
        if (data.Length > options.MaxFileBytes)
            throw new GltfLoadException($"model of {data.Length} bytes is over the limit of {options.MaxFileBytes}");
        return LoadCore(data, name, baseDir, realRoot, options, progress, ct);
    }

    private static (string fullPath, string baseDir, string realRoot) ResolveModelPath(string path, GltfLoadOptions options)
    {
        options.Validate();
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string baseDir = Path.GetDirectoryName(fullPath) ?? "/";
        string realRoot = GltfPaths.RealPath(options.RootDirectory ?? baseDir);
        if (options.RootDirectory is not null && !GltfPaths.IsInside(GltfPaths.RealPath(fullPath), realRoot))
            throw new GltfLoadException($"model path {path} is outside the root folder {realRoot}; refused");
        if (!File.Exists(fullPath))
            throw new GltfLoadException($"model file not found: {path}");
        return (fullPath, baseDir, realRoot);
    }

    private static async Task<byte[]> ReadModelFileAsync(string path, long maxBytes, CancellationToken ct)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
            if (stream.Length > maxBytes) throw new GltfLoadException($"model file is {stream.Length} bytes, over the limit of {maxBytes}");
            var bytes = GC.AllocateUninitializedArray<byte>((int)stream.Length);
            await stream.ReadExactlyAsync(bytes, ct).ConfigureAwait(false);
            return bytes;
        }
        catch (FileNotFoundException) { throw new GltfLoadException($"model file not found: {path}"); }
        catch (DirectoryNotFoundException) { throw new GltfLoadException($"model file not found: {path}"); }
        catch (UnauthorizedAccessException e) { throw new GltfLoadException($"model file cannot be read: {e.Message}"); }
        catch (EndOfStreamException) { throw new GltfLoadException($"model file {path} changed while being read"); }
        catch (IOException e) { throw new GltfLoadException($"model file cannot be read: {e.Message}"); }
    }

    private static string ModelName(string path) => Path.GetFileName(path);

    private static ModelData LoadCore(ReadOnlyMemory<byte> data, string name, string? baseDir, string? realRoot,
        GltfLoadOptions options, IProgress<(float, string)>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            if (data.IsEmpty) throw new GltfLoadException("empty file");
            progress?.Report((0.05f, "parse"));
            ReadOnlyMemory<byte> json = data;
            ReadOnlyMemory<byte>? bin = null;
            if (GlbContainer.IsGlb(data.Span) || (name.EndsWith(".glb", StringComparison.OrdinalIgnoreCase) && data.Span[0] != (byte)'{'))
            {
                var glb = GlbContainer.Parse(data);
                json = glb.Json;
                bin = glb.Bin;
            }
            if (json.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) json = json[3..];
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(json, JsonOptions);
            }
            catch (JsonException e)
            {
                throw new GltfLoadException($"invalid JSON: {e.Message}", e);
            }
            using (doc)
            {
                var builder = new GltfModelBuilder(doc.RootElement, bin, baseDir, realRoot, options, progress, ct);
                return builder.Build(Path.GetFileNameWithoutExtension(name));
            }
        }
        catch (Exception e) when (e is not GltfLoadException and not OperationCanceledException)
        {
            // A defect in the loader must not take the host down with a hostile file.
            throw new GltfLoadException($"malformed glTF ({e.GetType().Name}: {e.Message})", e);
        }
    }
}
