using System.Runtime.InteropServices;
using SharpGLTF.Schema2;

namespace ArrHost.Rendering.Gltf;

internal sealed partial class GltfModelBuilder
{
    private static int Components(DimensionType dimensions) => dimensions switch
    {
        DimensionType.SCALAR => 1,
        DimensionType.VEC2 => 2,
        DimensionType.VEC3 => 3,
        DimensionType.VEC4 => 4,
        DimensionType.MAT2 => 4,
        DimensionType.MAT3 => 9,
        DimensionType.MAT4 => 16,
        _ => 0,
    };

    /// <summary>Bytes of one element in its bufferView: matrix columns start on 4-byte boundaries (MAT2/MAT3 of 1- or 2-byte components are padded).</summary>
    private static int ElementSize(Accessor accessor)
    {
        int size = accessor.Encoding switch
        {
            EncodingType.BYTE or EncodingType.UNSIGNED_BYTE => 1,
            EncodingType.SHORT or EncodingType.UNSIGNED_SHORT => 2,
            _ => 4,
        };
        int columns = accessor.Dimensions switch { DimensionType.MAT2 => 2, DimensionType.MAT3 => 3, DimensionType.MAT4 => 4, _ => 1 };
        int rows = Components(accessor.Dimensions) / columns;
        int columnStride = columns == 1 ? rows * size : (rows * size + 3) & ~3;
        return columnStride * columns;
    }

    /// <summary>
    /// The loader's own checks before SharpGLTF decodes an accessor: the element-count limit (an
    /// accessor without a bufferView is zero-filled, so its count alone decides the allocation) and
    /// that the elements lie inside their bufferView (also when SharpGLTF's validation is skipped).
    /// </summary>
    private void CheckAccessor(Accessor accessor)
    {
        string ctx = $"accessor {accessor.LogicalIndex}";
        if (accessor.Count < 1) throw new GltfLoadException($"{ctx}: count {accessor.Count} must be at least 1");
        if (accessor.Count > _options.MaxAccessorCount)
            throw new GltfLoadException($"{ctx}: count {accessor.Count} exceeds the limit of {_options.MaxAccessorCount} elements");
        if (Components(accessor.Dimensions) == 0) throw new GltfLoadException($"{ctx}: invalid type {accessor.Dimensions}");
        if (accessor.SourceBufferView is not { } view) return;
        int elementSize = ElementSize(accessor);
        int stride = view.ByteStride > 0 ? view.ByteStride : elementSize;
        if (stride < elementSize)
            throw new GltfLoadException($"{ctx}: bufferView {view.LogicalIndex} byteStride {stride} is smaller than the element size {elementSize}");
        long end = accessor.ByteOffset + (accessor.Count - 1L) * stride + elementSize;
        if (accessor.ByteOffset < 0 || end > view.Content.Count)
            throw new GltfLoadException($"{ctx}: {accessor.Count} x {accessor.Dimensions} elements from byteOffset {accessor.ByteOffset} (stride {stride}) need {end} bytes, but bufferView {view.LogicalIndex} has {view.Content.Count}");
    }

    /// <summary>Accessor <paramref name="accessor"/> as floats, decoded by SharpGLTF (normalized integers mapped, sparse values applied).</summary>
    private float[] ReadFloats(Accessor accessor, string usage, params int[] allowedComponents)
    {
        CheckAccessor(accessor);
        int components = Components(accessor.Dimensions);
        if (allowedComponents.Length > 0 && System.Array.IndexOf(allowedComponents, components) < 0)
            throw new GltfLoadException($"accessor {accessor.LogicalIndex} ({usage}): has {components} components per element, expected {string.Join(" or ", allowedComponents)}");
        int count = accessor.Count;
        var result = new float[(long)count * components];
        switch (accessor.Dimensions)
        {
            case DimensionType.SCALAR:
                accessor.AsScalarArray().CopyTo(result, 0);
                break;
            case DimensionType.VEC2:
                Copy(accessor.AsVector2Array(), count, result);
                break;
            case DimensionType.VEC3:
                Copy(accessor.AsVector3Array(), count, result);
                break;
            case DimensionType.VEC4:
                Copy(accessor.AsVector4Array(), count, result);
                break;
            case DimensionType.MAT4:
                // In storage order: glTF's column-major matrices for column vectors are System.Numerics' row-vector matrices.
                Copy(accessor.AsMatrix4x4Array(), count, result);
                break;
            default:
                throw new GltfLoadException($"accessor {accessor.LogicalIndex} ({usage}): {accessor.Dimensions} elements are not supported here");
        }
        return result;
    }

    private static void Copy<T>(IList<T> source, int count, float[] destination) where T : struct
    {
        var items = new T[count];
        source.CopyTo(items, 0);
        MemoryMarshal.Cast<T, float>(items).CopyTo(destination);
    }

    /// <summary>An index accessor (unsigned byte/short/int scalars), decoded by SharpGLTF.</summary>
    private uint[] ReadIndices(Accessor accessor, string ctx)
    {
        CheckAccessor(accessor);
        if (accessor.Dimensions != DimensionType.SCALAR || accessor.Normalized
            || accessor.Encoding is not (EncodingType.UNSIGNED_BYTE or EncodingType.UNSIGNED_SHORT or EncodingType.UNSIGNED_INT))
            throw new GltfLoadException($"{ctx}: indices accessor {accessor.LogicalIndex} must be SCALAR unsigned byte/short/int, got {accessor.Encoding} {accessor.Dimensions}");
        var result = new uint[accessor.Count];
        accessor.AsIndicesArray().CopyTo(result, 0);
        return result;
    }
}
