using System.IO.Pipelines;

namespace ArrHost.Rpc.Internal.Client;

/// <summary>Pipe settings over the HTTP/2 request and response streams (pooled 64 KiB segments).</summary>
internal static class ClientPipeOptions
{
    public static readonly StreamPipeWriterOptions Writer = new(minimumBufferSize: 64 * 1024, leaveOpen: true);

    public static readonly StreamPipeReaderOptions Reader = new(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: false);
}
