using System.Buffers.Binary;
using System.IO.Compression;

namespace ArrHost.Client.Media;

/// <summary>Writes RGBA8 frames as PNG files (8-bit truecolour with alpha, zlib via <see cref="ZLibStream"/>).</summary>
public static class PngWriter
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes a PNG file.</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <param name="rgba">Pixels, top row first.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rowPitch">Bytes between rows; 0 means <c>width * 4</c>.</param>
    public static void Write(string path, ReadOnlySpan<byte> rgba, int width, int height, int rowPitch = 0)
    {
        using var file = File.Create(path);
        Write(file, rgba, width, height, rowPitch);
    }

    /// <summary>Writes a PNG image to a stream.</summary>
    /// <param name="output">The stream to write to (left open).</param>
    /// <param name="rgba">Pixels, top row first.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="rowPitch">Bytes between rows; 0 means <c>width * 4</c>.</param>
    /// <exception cref="ArgumentException">The size is not positive or the buffer is too small.</exception>
    public static void Write(Stream output, ReadOnlySpan<byte> rgba, int width, int height, int rowPitch = 0)
    {
        rowPitch = rowPitch == 0 ? width * 4 : rowPitch;
        if (width <= 0 || height <= 0 || rowPitch < width * 4 || rgba.Length < (long)rowPitch * (height - 1) + width * 4)
        {
            throw new ArgumentException($"Invalid RGBA image: {width}x{height}, pitch {rowPitch}, {rgba.Length} bytes.", nameof(rgba));
        }
        output.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 6;  // colour type: RGBA
        ihdr[10] = 0; // deflate
        ihdr[11] = 0; // adaptive filtering
        ihdr[12] = 0; // no interlace
        WriteChunk(output, "IHDR"u8, ihdr);

        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            int row = width * 4;
            byte[] line = new byte[row + 1];
            byte[] previous = new byte[row];
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> current = rgba.Slice(y * rowPitch, row);
                line[0] = 2; // filter "Up": cheap and good on rendered images
                for (int i = 0; i < row; i++)
                {
                    line[i + 1] = (byte)(current[i] - previous[i]);
                }
                current.CopyTo(previous);
                z.Write(line);
            }
        }
        WriteChunk(output, "IDAT"u8, idat.GetBuffer().AsSpan(0, (int)idat.Length));
        WriteChunk(output, "IEND"u8, []);
    }

    private static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        type.CopyTo(header[4..]);
        output.Write(header);
        output.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0, type), data);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(trailer);
    }
}
