namespace ArrHost.Rpc;

/// <summary>A call ended with a status other than OK.</summary>
public class RpcException : Exception
{
    private static readonly Metadata EmptyTrailers = new();

    public RpcException(Status status, Metadata? trailers = null)
        : base(status.ToString())
    {
        Status = status;
        Trailers = trailers ?? EmptyTrailers;
    }

    public RpcException(Status status, string message, Metadata? trailers = null)
        : base(message)
    {
        Status = status;
        Trailers = trailers ?? EmptyTrailers;
    }

    public Status Status { get; }

    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailing metadata sent with the status (on the server: added to the response trailers).</summary>
    public Metadata Trailers { get; }
}
