using System.IO.Pipelines;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Pipe settings over the HTTP/2 request and response streams (pooled segments: one per request message, 256 KiB reads).</summary>
internal static class ClientPipeOptions
{
    public static readonly StreamPipeWriterOptions Writer = new(minimumBufferSize: 64 * 1024, leaveOpen: true);

    public static readonly StreamPipeReaderOptions Reader = new(bufferSize: 256 * 1024, minimumReadSize: 64 * 1024, leaveOpen: false);
}
