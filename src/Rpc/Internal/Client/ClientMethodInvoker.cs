namespace ArrHost.Rpc.Internal.Client;

/// <summary>Starts one kind of call for one interface method; created once per (interface, descriptor).</summary>
internal abstract class ClientMethodInvoker
{
    protected ClientMethodInvoker(bool hasOptions)
    {
        HasOptions = hasOptions;
    }

    protected bool HasOptions { get; }

    public abstract object Invoke(GrpcChannel channel, object?[]? args);

    protected CallOptions GetOptions(object?[]? args, int index) =>
        HasOptions && args is not null && args.Length > index && args[index] is CallOptions options ? options : default;
}
