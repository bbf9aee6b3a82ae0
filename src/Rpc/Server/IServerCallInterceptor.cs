namespace ArrHost.Rpc;

/// <summary>Runs before every handler; throwing <see cref="RpcException"/> ends the call with that status (e.g. for auth).</summary>
public interface IServerCallInterceptor
{
    ValueTask OnCallStartingAsync(ServerCallContext context);
}
