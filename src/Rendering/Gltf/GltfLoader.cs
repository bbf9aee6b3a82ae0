using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using ArrHost.Rendering.Scene;
using SharpGLTF.Schema2;
using SharpGLTF.Validation;

namespace ArrHost.Rendering.Gltf;

/// <summary>
/// Loads glTF 2.0 (.gltf with external or data: resources, and .glb) into a <see cref="ModelData"/>.
/// SharpGLTF.Core parses the JSON and GLB container, validates the document and decodes accessors;
/// external files reach it only through <see cref="GltfAssetReader"/> (root folder, schemes, byte
/// budget). The model building and the renderer's own rules (supported extensions, size and count
/// limits) stay here. Every problem with the input is a <see cref="GltfLoadException"/> naming the
/// model and the problem.
/// </summary>
internal static class GltfLoader
{
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
        var bytes = ReadFileLimited(fullPath, options.MaxFileBytes, $"{ModelName(path)}: model file");
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
            if (stream.Length > maxBytes) throw new GltfLoadException($"{ModelName(path)}: model file is {stream.Length} bytes, over the limit of {maxBytes}");
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

    private static byte[] ReadFileLimited(string path, long maxBytes, string ctx)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > maxBytes) throw new GltfLoadException($"{ctx} is {length} bytes, over the limit of {maxBytes}");
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (FileNotFoundException) { throw new GltfLoadException($"{ctx} not found ({path})"); }
        catch (DirectoryNotFoundException) { throw new GltfLoadException($"{ctx} not found ({path})"); }
        catch (UnauthorizedAccessException e) { throw new GltfLoadException($"{ctx} cannot be read: {e.Message}"); }
        catch (EndOfStreamException) { throw new GltfLoadException($"{ctx} changed while being read"); }
        catch (IOException e) { throw new GltfLoadException($"{ctx} cannot be read: {e.Message}"); }
    }

    private static string ModelName(string path) => Path.GetFileName(path);

    private static ModelData LoadCore(ReadOnlyMemory<byte> data, string name, string? baseDir, string? realRoot,
        GltfLoadOptions options, IProgress<(float, string)>? progress, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        try
        {
            if (data.IsEmpty) throw new GltfLoadException("empty file");
            // A .glb that does not start with the GLB magic would otherwise be read as JSON and fail with a JSON error.
            if (name.EndsWith(".glb", StringComparison.OrdinalIgnoreCase) && data.Span[0] != (byte)'{' && !IsGlb(data.Span))
                throw new GltfLoadException($"GLB: wrong magic 0x{(data.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(data.Span) : 0):X8} (expected 0x{GlbMagic:X8} \"glTF\")");
            progress?.Report((0.05f, "parse"));
            var root = Parse(data, baseDir, realRoot, options, ct);
            var builder = new GltfModelBuilder(root, options, progress, ct);
            return builder.Build(Path.GetFileNameWithoutExtension(name));
        }
        catch (GltfLoadException e)
        {
            throw new GltfLoadException($"{name}: {e.Message}", e.InnerException ?? e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A defect in the loader or in SharpGLTF must not take the host down with a hostile file.
            throw new GltfLoadException($"{name}: malformed glTF ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private const uint GlbMagic = 0x46546C67; // "glTF"

    private static bool IsGlb(ReadOnlySpan<byte> data) => data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == GlbMagic;

    /// <summary>
    /// Parses the JSON or GLB with SharpGLTF. External files come only through <see cref="GltfAssetReader"/>;
    /// SharpGLTF's own errors become <see cref="GltfLoadException"/>s that say what it found.
    /// </summary>
    private static ModelRoot Parse(ReadOnlyMemory<byte> data, string? baseDir, string? realRoot, GltfLoadOptions options, CancellationToken ct)
    {
        var reader = new GltfAssetReader(baseDir, realRoot, options, ct);
        var context = ReadContext.Create(reader.Read);
        context.Validation = options.Validation;
        if (!MemoryMarshal.TryGetArray(data, out var segment)) segment = new ArraySegment<byte>(data.ToArray());
        // SharpGLTF closes the stream it reads; the error paths read the JSON again from a second one.
        MemoryStream Open() => new(segment.Array!, segment.Offset, segment.Count, writable: false);
        ReadOnlyMemory<byte> Json()
        {
            using var again = Open();
            return ReadContext.ReadJsonBytes(again);
        }
        using (var stream = Open())
        {
            try
            {
                return context.ReadSchema2(stream);
            }
            catch (GltfAssetException e)
            {
                string element = GltfAssetReader.ElementsNaming(Json(), e.Uri);
                throw new GltfLoadException($"{element}: {e.Message}");
            }
            catch (ModelException e)
            {
                string? outOfRange = e.GetType() == typeof(ModelException) ? reader.FindOutOfRangeBuffer(Json()) : null;
                throw new GltfLoadException(outOfRange ?? Describe(e, Json), e);
            }
            catch (InvalidOperationException e) when (reader.FindUnrecognisedImage(Json()) is { } image)
            {
                // SharpGLTF's validation lets its image-format check escape as a bare InvalidOperationException.
                throw new GltfLoadException(image, e);
            }
            catch (NotImplementedException e) when (e.TargetSite?.DeclaringType?.Assembly == typeof(ModelRoot).Assembly)
            {
                // Not a stub of ours: it is what SharpGLTF's reader throws for an enum value outside the specification
                // (e.g. accessor type "VEC7"), and only SharpGLTF's is turned into a load error naming the file.
                throw new GltfLoadException($"invalid glTF: SharpGLTF could not read the file ({e.GetType().Name}: {e.Message}); a value outside the glTF 2.0 enums?", e);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException)
            {
                // SharpGLTF's JSON reader lets a value of the wrong JSON type through as these.
                throw new GltfLoadException($"invalid JSON: {e.Message}", e);
            }
        }
    }

    /// <summary>SharpGLTF's message without its generic advice, with what kind of problem it is.</summary>
    private static string Describe(ModelException e, Func<ReadOnlyMemory<byte>> json)
    {
        string message = e.Message;
        int advice = message.IndexOf("Model generated by", StringComparison.Ordinal);
        if (advice > 0) message = message[..advice];
        message = message.TrimEnd(' ', '.');
        const string extensionPrefix = "Extensions: ";
        if (e is LinkException && message.StartsWith(extensionPrefix, StringComparison.Ordinal))
        {
            string extension = message[extensionPrefix.Length..];
            return GltfAssetReader.Requires(json(), extension)
                ? $"extension {extension} is required by the file but not supported (supported: {string.Join(", ", SupportedExtensions)})"
                : $"the file's data needs extension {extension}, which the file does not declare (an accessor format outside core glTF 2.0?)";
        }
        string kind = e switch
        {
            SchemaException when e.InnerException is JsonException => "invalid JSON",
            SchemaException => "invalid glTF structure",
            LinkException => "broken reference",
            DataException => "invalid data",
            SemanticException => "invalid value",
            _ => "invalid glTF",
        };
        return $"{kind} (SharpGLTF): {message}";
    }
}
