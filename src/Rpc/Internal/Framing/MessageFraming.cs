using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace ArrHost.Rpc.Internal.Framing;

/// <summary>
/// Length-prefixed gRPC messages over pipes: 1 byte compressed flag, 4 bytes big-endian length, payload.
/// Both sides read from a <see cref="PipeReader"/> and write to a <see cref="PipeWriter"/>; the pipes'
/// pooled segments are the only buffers, so a message costs no allocation beyond the message itself.
/// </summary>
internal static class MessageFraming
{
    /// <summary>Messages up to this size are written through one span on the server (4 KiB: Kestrel's default pool block; AddRpc's pool has 64 KiB blocks, so this stays safe).</summary>
    public const int ServerContiguousLimit = 4096;

    /// <summary>On the client a message up to this size is one pooled segment, so it goes out in one stream write.</summary>
    public const int ClientContiguousLimit = 16 * 1024 * 1024;

    /// <summary>Reads the next message, or null at the clean end of the stream. Bad frames throw <see cref="RpcException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<T?> ReadMessageAsync<T>(
        PipeReader reader, MessageParser<T> parser, int maxReceiveSize, string? encoding, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var needed = 0;
        while (true)
        {
            // Once the length is known, wait for the whole message: one wake-up instead of one per HTTP/2 frame.
            var result = needed > 0
                ? await reader.ReadAtLeastAsync(needed, cancellationToken).ConfigureAwait(false)
                : await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryReadFrame(reader, ref buffer, parser, maxReceiveSize, encoding, out var message, out needed))
            {
                return message;
            }
            if (result.IsCompleted)
            {
                if (buffer.IsEmpty)
                {
                    reader.AdvanceTo(buffer.End);
                    return null;
                }
                reader.AdvanceTo(buffer.Start);
                throw new RpcException(StatusMapping.IncompleteMessage);
            }
            if (result.IsCanceled)
            {
                reader.AdvanceTo(buffer.Start);
                throw new OperationCanceledException(cancellationToken);
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryReadFrame<T>(
        PipeReader reader, ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, int maxReceiveSize, string? encoding, out T? message, out int needed)
        where T : class, IMessage<T>
    {
        message = null;
        needed = 0;
        if (buffer.Length < GrpcProtocolConstants.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[GrpcProtocolConstants.HeaderSize];
        buffer.Slice(0, GrpcProtocolConstants.HeaderSize).CopyTo(header);
        var flag = header[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (flag > 1)
        {
            reader.AdvanceTo(buffer.Start);
            throw new RpcException(StatusMapping.BadCompressedFlag);
        }
        if (length > (uint)maxReceiveSize)
        {
            reader.AdvanceTo(buffer.Start);
            throw new RpcException(StatusMapping.ReceiveMessageTooLarge);
        }
        if (buffer.Length < GrpcProtocolConstants.HeaderSize + length)
        {
            needed = GrpcProtocolConstants.HeaderSize + (int)length;
            return false;
        }

        var payload = buffer.Slice(GrpcProtocolConstants.HeaderSize, length);
        try
        {
            message = flag == 1
                ? ParseCompressed(payload, parser, maxReceiveSize, encoding)
                : parser.ParseFrom(payload);
        }
        catch (RpcException)
        {
            reader.AdvanceTo(buffer.Start);
            throw;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            reader.AdvanceTo(buffer.Start);
            throw new RpcException(StatusMapping.InvalidMessage);
        }
        reader.AdvanceTo(payload.End);
        return true;
    }

    private static T ParseCompressed<T>(ReadOnlySequence<byte> payload, MessageParser<T> parser, int maxReceiveSize, string? encoding)
        where T : IMessage<T>
    {
        if (encoding is null || encoding == GrpcProtocolConstants.IdentityEncoding)
        {
            throw new RpcException(StatusMapping.CompressedWithoutEncoding);
        }
        if (!string.Equals(encoding, GrpcProtocolConstants.GzipEncoding, StringComparison.Ordinal))
        {
            throw new RpcException(StatusMapping.UnsupportedEncoding(encoding));
        }

        var input = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        var output = ArrayPool<byte>.Shared.Rent(Math.Max(4096, (int)payload.Length * 4));
        try
        {
            payload.CopyTo(input);
            var total = 0;
            using (var gzip = new GZipStream(new MemoryStream(input, 0, (int)payload.Length, writable: false), CompressionMode.Decompress))
            {
                while (true)
                {
                    if (total == output.Length)
                    {
                        if (output.Length > maxReceiveSize)
                        {
                            throw new RpcException(StatusMapping.ReceiveMessageTooLarge);
                        }
                        var bigger = ArrayPool<byte>.Shared.Rent(output.Length * 2);
                        output.AsSpan(0, total).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(output);
                        output = bigger;
                    }
                    int n;
                    try
                    {
                        n = gzip.Read(output, total, output.Length - total);
                    }
                    catch (InvalidDataException)
                    {
                        throw new RpcException(StatusMapping.InvalidCompressedData);
                    }
                    if (n == 0)
                    {
                        break;
                    }
                    total += n;
                }
            }
            if (total > maxReceiveSize)
            {
                throw new RpcException(StatusMapping.ReceiveMessageTooLarge);
            }
            return parser.ParseFrom(new ReadOnlySpan<byte>(output, 0, total));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(input);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>Writes one framed message into the pipe (not flushed).</summary>
    public static void WriteMessage<T>(PipeWriter writer, T message, bool compress, int? maxSendSize, int contiguousLimit)
        where T : IMessage<T>
    {
        var size = message.CalculateSize();
        if (maxSendSize is int max && size > max)
        {
            throw new RpcException(StatusMapping.SendMessageTooLarge);
        }
        if (compress)
        {
            WriteCompressed(writer, message, size);
            return;
        }

        if (size <= contiguousLimit)
        {
            var span = writer.GetSpan(GrpcProtocolConstants.HeaderSize + size);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            if (size > 0)
            {
                message.WriteTo(span.Slice(GrpcProtocolConstants.HeaderSize, size));
            }
            writer.Advance(GrpcProtocolConstants.HeaderSize + size);
            return;
        }

        var header = writer.GetSpan(GrpcProtocolConstants.HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        writer.Advance(GrpcProtocolConstants.HeaderSize);
        // Large messages are written in the pipe's own segment size, never through one large buffer.
        message.WriteTo(writer);
    }

    private static void WriteCompressed<T>(PipeWriter writer, T message, int size)
        where T : IMessage<T>
    {
        var raw = ArrayPool<byte>.Shared.Rent(Math.Max(1, size));
        try
        {
            message.WriteTo(raw.AsSpan(0, size));
            using var compressed = new MemoryStream(size / 2 + 64);
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(raw, 0, size);
            }
            var length = (int)compressed.Length;
            var header = writer.GetSpan(GrpcProtocolConstants.HeaderSize);
            header[0] = 1;
            BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
            writer.Advance(GrpcProtocolConstants.HeaderSize);
            writer.Write(new ReadOnlySpan<byte>(compressed.GetBuffer(), 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }
}
