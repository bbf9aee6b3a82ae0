using System.Buffers.Binary;

namespace ArrHost.RenderHost.Gltf;

/// <summary>The binary glTF container: a 12-byte header, a JSON chunk and an optional BIN chunk.</summary>
internal readonly struct GlbContainer
{
    public const uint Magic = 0x46546C67;      // "glTF"
    public const uint ChunkJson = 0x4E4F534A;  // "JSON"
    public const uint ChunkBin = 0x004E4942;   // "BIN\0"

    public ReadOnlyMemory<byte> Json { get; init; }
    public ReadOnlyMemory<byte>? Bin { get; init; }

    public static bool IsGlb(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(data) == Magic;

    public static GlbContainer Parse(ReadOnlyMemory<byte> file)
    {
        var span = file.Span;
        if (span.Length < 12)
            throw new GltfLoadException($"GLB: truncated header ({span.Length} bytes, 12 needed)");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(span);
        if (magic != Magic)
            throw new GltfLoadException($"GLB: wrong magic 0x{magic:X8} (expected 0x{Magic:X8} \"glTF\")");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(span[4..]);
        if (version != 2)
            throw new GltfLoadException($"GLB: unsupported container version {version} (only 2 is supported)");
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(span[8..]);
        if (length != span.Length)
            throw new GltfLoadException(length > span.Length
                ? $"GLB: truncated file: header declares {length} bytes, file has {span.Length}"
                : $"GLB: header declares {length} bytes but the file has {span.Length}");

        ReadOnlyMemory<byte>? json = null, bin = null;
        long offset = 12;
        int chunkIndex = 0;
        while (offset < span.Length)
        {
            if (span.Length - offset < 8)
                throw new GltfLoadException($"GLB: chunk {chunkIndex} header at byte {offset} is truncated");
            uint chunkLength = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)offset..]);
            uint chunkType = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(offset + 4)..]);
            long dataStart = offset + 8;
            if (chunkLength > span.Length - dataStart)
                throw new GltfLoadException($"GLB: chunk {chunkIndex} length {chunkLength} at byte {offset} exceeds the file ({span.Length - dataStart} bytes left)");
            var data = file.Slice((int)dataStart, (int)chunkLength);
            if (chunkIndex == 0)
            {
                if (chunkType != ChunkJson)
                    throw new GltfLoadException($"GLB: first chunk has type 0x{chunkType:X8}, expected JSON (0x{ChunkJson:X8})");
                json = data;
            }
            else if (chunkIndex == 1 && chunkType == ChunkBin)
            {
                bin = data;
            }
            else if (chunkType == ChunkJson || chunkType == ChunkBin)
            {
                throw new GltfLoadException($"GLB: unexpected extra {(chunkType == ChunkJson ? "JSON" : "BIN")} chunk {chunkIndex}");
            }
            // Unknown chunk types are skipped, as the specification requires.
            offset = dataStart + ((chunkLength + 3L) & ~3L);
            chunkIndex++;
        }
        if (json is null)
            throw new GltfLoadException("GLB: no JSON chunk");
        return new GlbContainer { Json = json.Value, Bin = bin };
    }
}
