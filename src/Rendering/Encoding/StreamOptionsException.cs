namespace ArrHost.Rendering.Encoding;

/// <summary>A client asked for stream options the host cannot honour (sent as an InvalidArgument error before streaming).</summary>
internal sealed class StreamOptionsException : ArgumentException
{
    public StreamOptionsException(string message) : base(message)
    {
    }
}
