using System.Text.Json;

namespace ArrHost.Rendering.Gltf;

/// <summary>
/// The file callback SharpGLTF reads a model's external buffers and images through: every URI is
/// resolved inside the model's root folder (symbolic links included), other schemes and absolute
/// paths are refused, and every file is charged against the per-file and total byte limits before
/// it is read. data: URIs and the GLB BIN chunk never reach it (SharpGLTF decodes those itself).
/// </summary>
internal sealed class GltfAssetReader(string? baseDirectory, string? realRoot, GltfLoadOptions options, CancellationToken ct)
{
    private long _bytesRead;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _lengths = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _images = new();

    /// <summary>On the error path: the first external file read that is neither PNG nor JPEG and that an image names, or null.</summary>
    public string? FindUnrecognisedImage(ReadOnlyMemory<byte> json)
    {
        foreach (var (uri, known) in _images)
        {
            if (known) continue;
            string element = ElementsNaming(json, uri);
            if (element.Contains("image", StringComparison.Ordinal))
                return $"{element} ({GltfPaths.Short(uri)}): unrecognised image format (neither PNG nor JPEG)";
        }
        return null;
    }

    /// <summary>On the error path: whether <paramref name="extension"/> is in the file's extensionsRequired.</summary>
    public static bool Requires(ReadOnlyMemory<byte> json, string extension)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("extensionsRequired", out var required) || required.ValueKind != JsonValueKind.Array) return false;
            foreach (var item in required.EnumerateArray())
                if (item.ValueKind == JsonValueKind.String && item.GetString() == extension) return true;
        }
        catch (JsonException)
        {
        }
        return false;
    }

    /// <summary>Bytes of external files read so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The <see cref="SharpGLTF.Schema2.FileReaderCallback"/>: <paramref name="uri"/> is the URI exactly as the JSON holds it.</summary>
    public ArraySegment<byte> Read(string uri)
    {
        ct.ThrowIfCancellationRequested();
        if (string.IsNullOrEmpty(uri))
            throw new GltfAssetException(uri, "has no uri and there is no GLB BIN chunk for it");
        if (baseDirectory is null || realRoot is null)
            throw new GltfAssetException(uri, $"external uri '{GltfPaths.Short(uri)}' but the model was loaded from memory without a base directory");
        string path;
        try { path = GltfPaths.Resolve(uri, baseDirectory, realRoot); }
        catch (GltfLoadException e) { throw new GltfAssetException(uri, e.Message); }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length > options.MaxFileBytes)
                throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' is {length} bytes, over the limit of {options.MaxFileBytes}");
            long total = Interlocked.Add(ref _bytesRead, length);
            if (total > options.MaxTotalBufferBytes)
                throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' brings the model's external files to {total} bytes, over the limit of {options.MaxTotalBufferBytes}");
            var bytes = GC.AllocateUninitializedArray<byte>((int)length);
            stream.ReadExactly(bytes);
            _lengths[uri] = length;
            _images[uri] = Imaging.ImageDecoder.Sniff(bytes) != Imaging.ImageFormat.Unknown;
            return new ArraySegment<byte>(bytes);
        }
        catch (FileNotFoundException) { throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' not found ({path})"); }
        catch (DirectoryNotFoundException) { throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' not found ({path})"); }
        catch (UnauthorizedAccessException e) { throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' cannot be read: {e.Message}"); }
        catch (EndOfStreamException) { throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' changed while being read"); }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException and not EndOfStreamException)
        {
            throw new GltfAssetException(uri, $"file '{GltfPaths.Short(uri)}' cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// On the error path, where SharpGLTF reports only an out-of-range copy: the first buffer whose
    /// external file is shorter than its declared byteLength, or the first bufferView that runs past
    /// its buffer; null when neither explains the failure.
    /// </summary>
    public string? FindOutOfRangeBuffer(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("buffers", out var buffers) || buffers.ValueKind != JsonValueKind.Array) return null;
            var byteLengths = new List<long>();
            foreach (var buffer in buffers.EnumerateArray())
            {
                long byteLength = buffer.ValueKind == JsonValueKind.Object && buffer.TryGetProperty("byteLength", out var bl) && bl.TryGetInt64(out long n) ? n : 0;
                if (buffer.ValueKind == JsonValueKind.Object && buffer.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String
                    && _lengths.TryGetValue(u.GetString()!, out long length) && length < byteLength)
                    return $"buffer {byteLengths.Count}: file '{GltfPaths.Short(u.GetString()!)}' is {length} bytes, shorter than byteLength {byteLength} (truncated?)";
                byteLengths.Add(byteLength);
            }
            if (!root.TryGetProperty("bufferViews", out var views) || views.ValueKind != JsonValueKind.Array) return null;
            int v = 0;
            foreach (var view in views.EnumerateArray())
            {
                if (view.ValueKind == JsonValueKind.Object
                    && view.TryGetProperty("buffer", out var b) && b.TryGetInt32(out int buffer) && buffer >= 0 && buffer < byteLengths.Count
                    && view.TryGetProperty("byteLength", out var vl) && vl.TryGetInt64(out long viewLength))
                {
                    long offset = view.TryGetProperty("byteOffset", out var o) && o.TryGetInt64(out long off) ? off : 0;
                    if (offset + viewLength > byteLengths[buffer])
                        return $"bufferView {v} range [{offset}, {offset + viewLength}) exceeds buffer {buffer} length {byteLengths[buffer]}";
                }
                v++;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    /// <summary>
    /// Which elements ("buffer 0", "image 3") name <paramref name="uri"/> in the glTF JSON; only called on the
    /// error path, so that a refused file is reported by the element that asked for it.
    /// </summary>
    public static string ElementsNaming(ReadOnlyMemory<byte> json, string uri)
    {
        var found = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            foreach (var (array, what) in new[] { ("buffers", "buffer"), ("images", "image") })
            {
                if (!doc.RootElement.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array) continue;
                int i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("uri", out var u) && u.ValueKind == JsonValueKind.String && u.GetString() == uri)
                        found.Add($"{what} {i}");
                    else if (uri.Length == 0 && what == "buffer" && item.ValueKind == JsonValueKind.Object && !item.TryGetProperty("uri", out _))
                        found.Add($"{what} {i}");
                    i++;
                }
            }
        }
        catch (JsonException)
        {
            // SharpGLTF parsed it, so this does not happen; the uri alone still names the file.
        }
        return found.Count == 0 ? "external file" : string.Join(", ", found);
    }
}
