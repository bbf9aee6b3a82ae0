using System.Buffers.Binary;
using System.Text.Json;

namespace ArrHost.RenderHost.Gltf;

internal sealed partial class GltfModelBuilder
{
    private const int Byte = 5120, UnsignedByte = 5121, Short = 5122, UnsignedShort = 5123, UnsignedInt = 5125, Float = 5126;

    private readonly ReadOnlyMemory<byte>?[] _bufferData;
    private long _totalBufferBytes;
    private readonly object _bufferLock = new();

    /// <summary>A validated accessor: where its elements are and how to decode them.</summary>
    private readonly record struct AccessorView(
        int Index, int ComponentType, int Components, bool Normalized, int Count,
        ReadOnlyMemory<byte> Data, int Stride, int ElementSize, int[] ComponentOffsets, JsonElement? Sparse)
    {
        public string Ctx => $"accessor {Index}";
    }

    private static int ComponentSize(int componentType) => componentType switch
    {
        Byte or UnsignedByte => 1,
        Short or UnsignedShort => 2,
        UnsignedInt or Float => 4,
        _ => 0,
    };

    private static (int components, int columns) TypeShape(string? type) => type switch
    {
        "SCALAR" => (1, 1),
        "VEC2" => (2, 1),
        "VEC3" => (3, 1),
        "VEC4" => (4, 1),
        "MAT2" => (4, 2),
        "MAT3" => (9, 3),
        "MAT4" => (16, 4),
        _ => (0, 0),
    };

    /// <summary>The bytes of buffer <paramref name="index"/> (exactly byteLength long), loaded on first use.</summary>
    private ReadOnlyMemory<byte> Buffer(int index)
    {
        lock (_bufferLock)
        {
            if (_bufferData[index] is { } cached) return cached;
            var buffer = _buffers[index];
            string ctx = $"buffer {index}";
            long byteLength = GltfJson.OptLong(buffer, "byteLength", ctx) ?? throw new GltfLoadException($"{ctx}: required property 'byteLength' is missing");
            if (byteLength < 0) throw new GltfLoadException($"{ctx}: negative byteLength {byteLength}");
            if (byteLength > _options.MaxFileBytes || _totalBufferBytes + byteLength > _options.MaxTotalBufferBytes)
                throw new GltfLoadException($"{ctx}: byteLength {byteLength} exceeds the buffer limit (max {_options.MaxFileBytes} per buffer, {_options.MaxTotalBufferBytes} in total)");
            string? uri = GltfJson.OptString(buffer, "uri", ctx);
            ReadOnlyMemory<byte> data;
            if (uri is null)
            {
                if (index != 0 || _bin is null)
                    throw new GltfLoadException($"{ctx}: has no uri and there is no GLB BIN chunk for it");
                data = _bin.Value;
                if (data.Length < byteLength)
                    throw new GltfLoadException($"{ctx}: byteLength {byteLength} exceeds the GLB BIN chunk length {data.Length}");
            }
            else if (uri.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                data = DecodeDataUri(uri, _options.MaxFileBytes, ctx, out _);
                if (data.Length < byteLength)
                    throw new GltfLoadException($"{ctx}: data: URI holds {data.Length} bytes, fewer than byteLength {byteLength}");
            }
            else
            {
                data = ReadExternal(uri, ctx);
                if (data.Length < byteLength)
                    throw new GltfLoadException($"{ctx}: file '{GltfPaths.Short(uri)}' is {data.Length} bytes, shorter than byteLength {byteLength} (truncated?)");
            }
            data = data[..(int)byteLength];
            _totalBufferBytes += byteLength;
            _bufferData[index] = data;
            return data;
        }
    }

    /// <summary>Decodes a base64 data: URI, checking the decoded size before allocating.</summary>
    internal static byte[] DecodeDataUri(string uri, long maxBytes, string ctx, out string mediaType)
    {
        int comma = uri.IndexOf(',');
        if (comma < 0) throw new GltfLoadException($"{ctx}: malformed data: URI (no comma)");
        var header = uri.AsSpan(5, comma - 5);
        if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
            throw new GltfLoadException($"{ctx}: data: URI is not base64-encoded");
        mediaType = header[..^7].ToString();
        var payload = uri.AsSpan(comma + 1);
        long maxDecoded = (payload.Length + 3L) / 4 * 3;
        if (maxDecoded > maxBytes)
            throw new GltfLoadException($"{ctx}: data: URI of about {maxDecoded} bytes exceeds the limit of {maxBytes}");
        var bytes = new byte[maxDecoded];
        if (!Convert.TryFromBase64Chars(payload, bytes, out int written))
            throw new GltfLoadException($"{ctx}: data: URI holds invalid base64");
        return written == bytes.Length ? bytes : bytes.AsSpan(0, written).ToArray();
    }

    private byte[] ReadExternal(string uri, string ctx)
    {
        if (_baseDirectory is null || _realRoot is null)
            throw new GltfLoadException($"{ctx}: external uri '{GltfPaths.Short(uri)}' but the model was loaded from memory without a base directory");
        string path = GltfPaths.Resolve(uri, _baseDirectory, _realRoot, ctx);
        return ReadFileLimited(path, _options.MaxFileBytes, $"{ctx}: file '{GltfPaths.Short(uri)}'");
    }

    internal static byte[] ReadFileLimited(string path, long maxBytes, string ctx)
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

    /// <summary>The bytes of bufferView <paramref name="index"/>, with its byteStride (0 when undefined).</summary>
    private (ReadOnlyMemory<byte> data, int stride) BufferView(int index, string ctx)
    {
        var view = _bufferViews[index];
        string vctx = $"{ctx}: bufferView {index}";
        int buffer = GltfJson.OptIndex(view, "buffer", _buffers.Length, "buffer", vctx) ?? throw new GltfLoadException($"{vctx}: required property 'buffer' is missing");
        long offset = GltfJson.OptLong(view, "byteOffset", vctx) ?? 0;
        long length = GltfJson.OptLong(view, "byteLength", vctx) ?? throw new GltfLoadException($"{vctx}: required property 'byteLength' is missing");
        int stride = GltfJson.OptInt(view, "byteStride", vctx) ?? 0;
        if (offset < 0 || length < 0) throw new GltfLoadException($"{vctx}: negative byteOffset or byteLength");
        if (stride != 0 && (stride < 4 || stride > 252 || stride % 4 != 0))
            throw new GltfLoadException($"{vctx}: byteStride {stride} must be a multiple of 4 between 4 and 252");
        var data = Buffer(buffer);
        if (offset + length > data.Length)
            throw new GltfLoadException($"{vctx} range [{offset}, {offset + length}) exceeds buffer {buffer} length {data.Length}");
        return (data.Slice((int)offset, (int)length), stride);
    }

    private AccessorView Accessor(int index)
    {
        var acc = _accessors[index];
        string ctx = $"accessor {index}";
        int componentType = GltfJson.ReqInt(acc, "componentType", ctx);
        int size = ComponentSize(componentType);
        if (size == 0) throw new GltfLoadException($"{ctx}: invalid componentType {componentType}");
        string? type = GltfJson.OptString(acc, "type", ctx);
        var (components, columns) = TypeShape(type);
        if (components == 0) throw new GltfLoadException($"{ctx}: invalid type '{type}'");
        bool normalized = GltfJson.OptBool(acc, "normalized", false, ctx);
        long count = GltfJson.OptLong(acc, "count", ctx) ?? throw new GltfLoadException($"{ctx}: required property 'count' is missing");
        if (count < 1) throw new GltfLoadException($"{ctx}: count {count} must be at least 1");
        if (count > _options.MaxAccessorCount)
            throw new GltfLoadException($"{ctx}: count {count} exceeds the limit of {_options.MaxAccessorCount} elements");
        long byteOffset = GltfJson.OptLong(acc, "byteOffset", ctx) ?? 0;
        if (byteOffset < 0) throw new GltfLoadException($"{ctx}: negative byteOffset {byteOffset}");

        // Matrix columns start on 4-byte boundaries (MAT2/MAT3 of 1- or 2-byte components are padded).
        int rows = components / columns;
        int columnStride = columns == 1 ? rows * size : (rows * size + 3) & ~3;
        int elementSize = columnStride * columns;
        var offsets = new int[components];
        for (int c = 0; c < components; c++) offsets[c] = c / rows * columnStride + c % rows * size;

        var sparse = GltfJson.OptObject(acc, "sparse", ctx);
        ReadOnlyMemory<byte> data = default;
        int stride = elementSize;
        if (GltfJson.OptIndex(acc, "bufferView", _bufferViews.Length, "bufferView", ctx) is { } bv)
        {
            var (viewData, viewStride) = BufferView(bv, ctx);
            if (viewStride != 0)
            {
                if (viewStride < elementSize)
                    throw new GltfLoadException($"{ctx}: bufferView {bv} byteStride {viewStride} is smaller than the element size {elementSize}");
                stride = viewStride;
            }
            long end = byteOffset + (count - 1) * stride + elementSize;
            if (end > viewData.Length)
                throw new GltfLoadException($"{ctx}: {count} x {type} elements from byteOffset {byteOffset} (stride {stride}) need {end} bytes, but bufferView {bv} has {viewData.Length}");
            data = viewData.Slice((int)byteOffset, (int)(end - byteOffset));
        }
        else if (byteOffset != 0)
        {
            throw new GltfLoadException($"{ctx}: byteOffset without a bufferView");
        }
        return new AccessorView(index, componentType, components, normalized, (int)count, data, stride, elementSize, offsets, sparse);
    }

    /// <summary>Reads accessor <paramref name="index"/> as floats (normalized integers mapped per the specification), sparse values applied.</summary>
    private float[] ReadFloats(int index, string usage, params int[] allowedComponents)
    {
        var view = Accessor(index);
        if (allowedComponents.Length > 0 && System.Array.IndexOf(allowedComponents, view.Components) < 0)
            throw new GltfLoadException($"{view.Ctx} ({usage}): has {view.Components} components per element, expected {string.Join(" or ", allowedComponents)}");
        var result = new float[(long)view.Count * view.Components];
        if (!view.Data.IsEmpty)
            DecodeFloats(view.Data.Span, view.Count, view.Stride, view.ComponentOffsets, view.ComponentType, view.Normalized, result);
        if (view.Sparse is { } sparse)
            ApplySparse(view, sparse, (values, idx) =>
            {
                var decoded = new float[(long)idx.Length * view.Components];
                DecodeFloats(values, idx.Length, view.ElementSize, view.ComponentOffsets, view.ComponentType, view.Normalized, decoded);
                for (int i = 0; i < idx.Length; i++)
                    decoded.AsSpan(i * view.Components, view.Components).CopyTo(result.AsSpan((int)idx[i] * view.Components));
            });
        return result;
    }

    /// <summary>Reads an index accessor (unsigned byte/short/int scalars).</summary>
    private uint[] ReadIndices(int index, string ctx)
    {
        var view = Accessor(index);
        if (view.Components != 1 || view.ComponentType is not (UnsignedByte or UnsignedShort or UnsignedInt) || view.Normalized)
            throw new GltfLoadException($"{ctx}: indices accessor {index} must be SCALAR unsigned byte/short/int, got componentType {view.ComponentType} with {view.Components} components");
        var result = new uint[view.Count];
        if (!view.Data.IsEmpty) DecodeUInts(view.Data.Span, view.Count, view.Stride, view.ComponentType, result);
        if (view.Sparse is { } sparse)
            ApplySparse(view, sparse, (values, idx) =>
            {
                var decoded = new uint[idx.Length];
                DecodeUInts(values, idx.Length, ComponentSize(view.ComponentType), view.ComponentType, decoded);
                for (int i = 0; i < idx.Length; i++) result[idx[i]] = decoded[i];
            });
        return result;
    }

    private delegate void SparseApply(ReadOnlySpan<byte> values, uint[] indices);

    private void ApplySparse(AccessorView view, JsonElement sparse, SparseApply apply)
    {
        string ctx = $"{view.Ctx}: sparse";
        int count = GltfJson.ReqInt(sparse, "count", ctx);
        if (count < 1 || count > view.Count)
            throw new GltfLoadException($"{ctx}: count {count} must be between 1 and the accessor count {view.Count}");
        var indices = GltfJson.OptObject(sparse, "indices", ctx) ?? throw new GltfLoadException($"{ctx}: 'indices' is missing");
        var values = GltfJson.OptObject(sparse, "values", ctx) ?? throw new GltfLoadException($"{ctx}: 'values' is missing");

        string ictx = $"{ctx}.indices";
        int ibv = GltfJson.OptIndex(indices, "bufferView", _bufferViews.Length, "bufferView", ictx) ?? throw new GltfLoadException($"{ictx}: 'bufferView' is missing");
        int icomp = GltfJson.ReqInt(indices, "componentType", ictx);
        if (icomp is not (UnsignedByte or UnsignedShort or UnsignedInt))
            throw new GltfLoadException($"{ictx}: componentType {icomp} must be unsigned byte, short or int");
        long ioff = GltfJson.OptLong(indices, "byteOffset", ictx) ?? 0;
        var (idata, _) = BufferView(ibv, ictx);
        long ineed = (long)count * ComponentSize(icomp);
        if (ioff < 0 || ioff + ineed > idata.Length)
            throw new GltfLoadException($"{ictx}: {count} indices from byteOffset {ioff} need {ineed} bytes, bufferView {ibv} has {idata.Length - Math.Max(0, ioff)}");
        var idx = new uint[count];
        DecodeUInts(idata.Span.Slice((int)ioff, (int)ineed), count, ComponentSize(icomp), icomp, idx);
        for (int i = 0; i < count; i++)
            if (idx[i] >= (uint)view.Count)
                throw new GltfLoadException($"{ictx}: index {idx[i]} at position {i} is out of range (accessor count {view.Count})");

        string vctx = $"{ctx}.values";
        int vbv = GltfJson.OptIndex(values, "bufferView", _bufferViews.Length, "bufferView", vctx) ?? throw new GltfLoadException($"{vctx}: 'bufferView' is missing");
        long voff = GltfJson.OptLong(values, "byteOffset", vctx) ?? 0;
        var (vdata, _) = BufferView(vbv, vctx);
        long vneed = (long)count * view.ElementSize;
        if (voff < 0 || voff + vneed > vdata.Length)
            throw new GltfLoadException($"{vctx}: {count} values from byteOffset {voff} need {vneed} bytes, bufferView {vbv} has {vdata.Length - Math.Max(0, voff)}");
        apply(vdata.Span.Slice((int)voff, (int)vneed), idx);
    }

    private static void DecodeFloats(ReadOnlySpan<byte> src, int count, int stride, int[] offsets, int componentType, bool normalized, float[] dst)
    {
        int comps = offsets.Length;
        int o = 0;
        switch (componentType)
        {
            case Float:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++) dst[o++] = BinaryPrimitives.ReadSingleLittleEndian(src[(b + offsets[c])..]);
                break;
            case Byte:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++)
                    {
                        float v = (sbyte)src[b + offsets[c]];
                        dst[o++] = normalized ? Math.Max(v / 127f, -1f) : v;
                    }
                break;
            case UnsignedByte:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++)
                    {
                        float v = src[b + offsets[c]];
                        dst[o++] = normalized ? v / 255f : v;
                    }
                break;
            case Short:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++)
                    {
                        float v = BinaryPrimitives.ReadInt16LittleEndian(src[(b + offsets[c])..]);
                        dst[o++] = normalized ? Math.Max(v / 32767f, -1f) : v;
                    }
                break;
            case UnsignedShort:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++)
                    {
                        float v = BinaryPrimitives.ReadUInt16LittleEndian(src[(b + offsets[c])..]);
                        dst[o++] = normalized ? v / 65535f : v;
                    }
                break;
            case UnsignedInt:
                for (int e = 0, b = 0; e < count; e++, b += stride)
                    for (int c = 0; c < comps; c++)
                    {
                        float v = BinaryPrimitives.ReadUInt32LittleEndian(src[(b + offsets[c])..]);
                        dst[o++] = normalized ? v / 4294967295f : v;
                    }
                break;
        }
    }

    private static void DecodeUInts(ReadOnlySpan<byte> src, int count, int stride, int componentType, uint[] dst)
    {
        switch (componentType)
        {
            case UnsignedByte:
                for (int e = 0, b = 0; e < count; e++, b += stride) dst[e] = src[b];
                break;
            case UnsignedShort:
                for (int e = 0, b = 0; e < count; e++, b += stride) dst[e] = BinaryPrimitives.ReadUInt16LittleEndian(src[b..]);
                break;
            default:
                for (int e = 0, b = 0; e < count; e++, b += stride) dst[e] = BinaryPrimitives.ReadUInt32LittleEndian(src[b..]);
                break;
        }
    }
}
